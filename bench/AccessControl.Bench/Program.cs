using AccessControl.Bench;

// dotnet run -c Release --project bench/AccessControl.Bench -- [--preset small|medium|large] [--quick] [--only]
//   [--out DIR] [--postgres CONNECTION] [--bdn] [--write-model PRESET FILE] [--write-casbin PRESET DIR]
return await Harness.RunAsync(Options.Parse(args), Console.Out);
