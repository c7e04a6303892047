// Imitation learning on a task of your own, with Apprentice as a library.
//   dotnet run -c Release --project examples/PointReach               (about a minute on two cores)
//   dotnet run -c Release --project examples/PointReach -- --quick    (seconds: a smoke test)
using PointReach;

bool quick = args.Contains("--quick");
string output = Path.Combine("runs", "point-reach");
Outcome result = Pipeline.Run(quick ? Budget.Quick : Budget.Full, output, Console.Out);

Console.WriteLine();
Console.WriteLine($"{"policy",-18} {"return",8} {"score",6}");
foreach (var (name, value) in new[] { ("random", result.Random), ("expert (TRPO)", result.Expert), ("GAIL", result.Gail), ("behaviour cloning", result.Cloning),
             ("GAIL from cloning", result.GailFromCloning) })
    Console.WriteLine($"{name,-18} {value,8:F2} {result.Score(value),6:F2}");
Console.WriteLine($"policies, demonstrations and gail.onnx are in {output}/");
