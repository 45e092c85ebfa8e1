using System.Text;
using AccessControl.Core.Engine;
using AccessControl.Core.Export;

namespace AccessControl.Web.Features.Exports;

/// <summary>
/// The casbin RBAC-with-domains export: the model configuration as comment lines (# ...) at the top, then the policy
/// (p, g and g2 lines; see <see cref="CasbinPolicy"/>), which gives the engine's decisions.
/// </summary>
public static class CasbinExport
{
    public static async Task WriteAsync(Stream body, AccessEngine engine, CancellationToken ct)
    {
        await using var text = new StreamWriter(body, new UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true);
        await text.WriteAsync("# casbin model (save as model.conf without the leading '# '):\n");
        foreach (var line in CasbinPolicy.ModelConf.Split('\n')) await text.WriteAsync($"# {line}\n");
        var n = 0;
        foreach (var line in CasbinPolicy.Lines(engine.Model))
        {
            await text.WriteAsync(line);
            if (++n % 1000 == 0) await text.FlushAsync(ct);
        }
        await text.FlushAsync(ct);
    }
}
