using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AccessControl.Web.Features.Common;

/// <summary>
/// Gives the circuit's <see cref="CurrentActor"/> the signed-in person of the circuit. Interactive components run outside
/// any HTTP request, so the request's user is not there to read; the authentication state is (the ASP.NET Core docs'
/// "circuit handler" pattern for services that need the user).
/// </summary>
public sealed class CircuitActor(AuthenticationStateProvider auth, CurrentActor actor) : CircuitHandler, IDisposable
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        auth.AuthenticationStateChanged += OnChanged;
        return UpdateAsync(auth.GetAuthenticationStateAsync());
    }

    private void OnChanged(Task<AuthenticationState> state) => _ = UpdateAsync(state);

    private async Task UpdateAsync(Task<AuthenticationState> state) => actor.SetCircuitUser((await state).User);

    public void Dispose() => auth.AuthenticationStateChanged -= OnChanged;
}
