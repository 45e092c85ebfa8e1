using MudBlazor;

namespace AccessControl.Web.Components.Layout;

/// <summary>The console's light and dark palettes: MudBlazor's defaults with a deeper primary, readable on both.</summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1e4f8a", Secondary = "#00695c", AppbarBackground = "#1e4f8a", AppbarText = "#ffffff" },
        PaletteDark = new PaletteDark
        {
            Primary = "#90caf9", PrimaryContrastText = "#0d1b2a", Secondary = "#80cbc4", SecondaryContrastText = "#0d1b2a",
            AppbarBackground = "#1b2838", AppbarText = "#ffffff",
        },
    };
}
