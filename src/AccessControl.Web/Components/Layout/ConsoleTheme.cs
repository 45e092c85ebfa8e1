using MudBlazor;

namespace AccessControl.Web.Components.Layout;

/// <summary>The console's light and dark palettes: MudBlazor's defaults with a deeper primary, readable on both.</summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1e4f8a", Secondary = "#00897b", AppbarBackground = "#1e4f8a" },
        PaletteDark = new PaletteDark { Primary = "#7fb0ef", Secondary = "#4db6ac", AppbarBackground = "#1b2838" },
    };
}
