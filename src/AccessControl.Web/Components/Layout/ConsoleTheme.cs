using MudBlazor;

namespace AccessControl.Web.Components.Layout;

/// <summary>The console's light and dark palettes: MudBlazor's defaults with a deeper primary, readable on both.</summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1e4f8a", Secondary = "#00695c", AppbarBackground = "#1e4f8a", AppbarText = "#ffffff",
            // Darker than MudBlazor's 0.54: labels and secondary text stay above 4.5:1 on tinted (hover, selected) rows too.
            TextSecondary = "rgba(0,0,0,0.68)",
            // Severity colours dark enough for white text on them and for their text on their own light tint (WCAG AA).
            Error = "#b71c1c", Warning = "#8a4500", Success = "#1b5e20", Info = "#0d47a1" },
        PaletteDark = new PaletteDark
        {
            Primary = "#90caf9", PrimaryContrastText = "#0d1b2a", Secondary = "#80cbc4", SecondaryContrastText = "#0d1b2a",
            AppbarBackground = "#1b2838", AppbarText = "#ffffff", TextSecondary = "rgba(255,255,255,0.72)",
        },
    };
}
