// A real OpenID Connect provider on loopback for the AccessControl tests (started by OidcProviderFixture).
//   node server.mjs <port> [appBaseUrl,...]      (or PORT and APP_URLS in the environment)
// Test accounts: alice (Administrator), audrey (Auditor), vic (Viewer), nora (no roles), ivan (Administrator,
// inactive in the tests' model), omar.haddad@orcabank.example (the demo's Auditor, role stored in the app); any password.
// Clients: accesscontrol-web (code flow, confidential), api-admin / api-auditor / api-viewer / api-none /
// api-expired (client credentials, JWT access tokens for the resource api://accesscontrol or api://other).
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
const appUrls = (process.argv[3] ?? process.env.APP_URLS ?? 'http://127.0.0.1:5210').split(',').filter(Boolean);
const issuer = `http://127.0.0.1:${port}`;
export const secret = 'test-secret-not-for-production';

const accounts = {
  alice: { name: 'Alice Admin', email: 'alice@example.test', roles: ['Administrator'] },
  audrey: { name: 'Audrey Auditor', email: 'audrey@example.test', roles: ['Auditor'] },
  vic: { name: 'Vic Viewer', email: 'vic@example.test', roles: ['Viewer'] },
  nora: { name: 'Nora Norole', email: 'nora@example.test', roles: [] },
  // An Administrator at the provider whose user the tests make inactive in the model: refused all the same.
  ivan: { name: 'Ivan Inactive', email: 'ivan@example.test', roles: ['Administrator'] },
  // The demo data's Auditor: no role at the provider; the Auditor role is assigned in the app (stored).
  'omar.haddad@orcabank.example': { name: 'Omar Haddad', email: 'omar.haddad@orcabank.example', roles: [] },
};
const apiClientRoles = { 'api-admin': ['Administrator'], 'api-auditor': ['Auditor'], 'api-viewer': ['Viewer'], 'api-none': [], 'api-expired': ['Administrator'] };
const resources = ['api://accesscontrol', 'api://other'];

const configuration = {
  clients: [
    {
      client_id: 'accesscontrol-web',
      client_secret: secret,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: appUrls.map((u) => `${u}/signin-oidc`),
      post_logout_redirect_uris: appUrls.map((u) => `${u}/signout-callback-oidc`),
    },
    ...Object.keys(apiClientRoles).map((id) => ({
      client_id: id, client_secret: secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
    })),
  ],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles'], email: ['email'] },
  // Profile claims (and roles) in the ID token itself, as Entra ID does.
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, name: account.name, email: account.email, roles: account.roles };
      },
    };
  },
  // The web app is first-party: no consent screen, the grant is made on sign-in.
  async loadExistingGrant(ctx) {
    const { client, session } = ctx.oidc;
    if (!session?.accountId) return undefined;
    const existing = session.grantIdFor(client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope('openid profile email');
    for (const resource of resources) grant.addResourceScope(resource, 'api');
    await grant.save();
    return grant;
  },
  async extraTokenClaims(ctx, token) {
    if (token.kind === 'ClientCredentials') return { roles: apiClientRoles[token.clientId] ?? [] };
    const account = accounts[token.accountId];
    return account ? { roles: account.roles, preferred_username: token.accountId } : undefined;
  },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // Signs out without asking (the browser test need not click through the provider's confirmation).
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html><head><title>Signing out</title></head><body>${form}
          <input type="hidden" form="op.logoutForm" name="logout" value="yes"/>
          <script>document.forms[0].submit()</script></body></html>`;
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'api://accesscontrol',
      useGrantedResource: () => true,
      async getResourceServerInfo(ctx, resource) {
        if (!resources.includes(resource)) throw new Provider.errors.InvalidTarget();
        return { scope: 'api', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  ttl: {
    ClientCredentials: (ctx, token, client) => (client.clientId === 'api-expired' ? 1 : 600),
    AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600,
  },
  pkce: { required: () => false },
  cookies: { keys: ['accesscontrol-test-provider-cookie-key'] },
};

const provider = new Provider(issuer, configuration);
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
