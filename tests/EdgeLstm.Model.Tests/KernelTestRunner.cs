using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EdgeLstm.Model.Tests;

/// <summary>
/// Runs the kernel tests (the classes with the Kernels category) without a test host, so they can run where only the
/// .NET runtime runs: a self-contained linux-arm64 build under user-mode emulation (test.sh runs it on emulated
/// Cortex-A72 and Cortex-A76 cores, the Raspberry Pi 4 and 5), which is how the Arm vector paths get run on an x64
/// machine. <c>dotnet test</c> does not use this entry point.
/// </summary>
/// <remarks>Facts and theories (inline and member data) run in the order reflection lists them; a skipped test
/// (Skip, or Skip.If of SkippableFact) counts as skipped. The summary line has dotnet test's shape, so test.sh counts
/// it like the others.</remarks>
internal static class KernelTestRunner
{
    private const string Category = "Kernels";

    public static int Main(string[] args)
    {
        bool verbose = args.Contains("--verbose");
        string label = args.Length > 0 && args[0] != "--verbose" ? args[0] : RuntimeInformation.ProcessArchitecture.ToString();
        Console.WriteLine($"Kernel tests on {RuntimeInformation.ProcessArchitecture}: AdvSimd {AdvSimd.IsSupported}, Dp {Dp.IsSupported}, Vector128 accelerated {Vector128.IsHardwareAccelerated}");
        var clock = Stopwatch.StartNew();
        var counts = new Dictionary<Outcome, int> { [Outcome.Passed] = 0, [Outcome.Skipped] = 0, [Outcome.Failed] = 0 };
        foreach ((Type type, MethodInfo method, FactAttribute fact) in TestMethods())
        {
            foreach (object?[] row in Rows(method))
            {
                string name = $"{type.FullName}.{method.Name}({string.Join(", ", row.Select(Format))})";
                if (verbose)
                {
                    Console.WriteLine($"{clock.Elapsed.TotalSeconds,8:F1} s  {name}");
                }

                (Outcome outcome, string? problem) = fact.Skip is null ? Run(type, method, row) : (Outcome.Skipped, null);
                counts[outcome]++;
                if (outcome == Outcome.Failed)
                {
                    // The lines dotnet test prints for a failure, which test.sh collects at the end.
                    Console.WriteLine($"    {name} [FAIL]");
                    Console.WriteLine($"  Failed {name}");
                    Console.WriteLine("  Error Message:");
                    Console.WriteLine("   " + problem);
                }
            }
        }

        int passed = counts[Outcome.Passed], failed = counts[Outcome.Failed], skipped = counts[Outcome.Skipped];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(failed == 0 ? "Passed!" : "Failed!")}  - Failed: {failed,5}, Passed: {passed,5}, Skipped: {skipped,5}, Total: {passed + failed + skipped,5}, Duration: {clock.Elapsed.TotalSeconds:F0} s - EdgeLstm.Model.Tests ({label})"));
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    private enum Outcome
    {
        Passed,
        Skipped,
        Failed,
    }

    private static IEnumerable<(Type Type, MethodInfo Method, FactAttribute Fact)> TestMethods() =>
        from type in typeof(KernelTestRunner).Assembly.GetTypes().Where(IsKernelTestClass).OrderBy(t => t.FullName, StringComparer.Ordinal)
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.Name, StringComparer.Ordinal)
        let fact = method.GetCustomAttribute<FactAttribute>()
        where fact is not null
        select (type, method, fact);

    private static bool IsKernelTestClass(Type type) =>
        type.IsClass && !type.IsAbstract &&
        type.GetCustomAttributesData().Any(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments.Select(c => c.Value as string).SequenceEqual(["Category", Category]));

    private static IEnumerable<object?[]> Rows(MethodInfo method)
    {
        DataAttribute[] sources = [.. method.GetCustomAttributes<DataAttribute>()];
        return sources.Length == 0 ? [[]] : sources.SelectMany(source => source.GetData(method));
    }

    // A test that calls Skip.If / Skip.IfNot (Xunit.SkippableFact) throws SkipException when it skips itself.
    private static (Outcome Outcome, string? Problem) Run(Type type, MethodInfo method, object?[] row)
    {
        object? instance = null;
        try
        {
            instance = Create(type);
            ParameterInfo[] parameters = method.GetParameters();
            object?[] arguments = [.. row.Select((value, i) => Convert(value, parameters[i].ParameterType))];
            if (method.Invoke(instance, arguments) is Task task)
            {
                task.GetAwaiter().GetResult();
            }

            return (Outcome.Passed, null);
        }
        catch (Exception error)
        {
            Exception cause = error is TargetInvocationException { InnerException: { } inner } ? inner : error;
            return cause.GetType().FullName == "Xunit.SkipException"
                ? (Outcome.Skipped, null)
                : (Outcome.Failed, $"{cause.GetType().Name}: {cause.Message}");
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }

    private static object Create(Type type)
    {
        ConstructorInfo constructor = type.GetConstructors().Single();
        object[] arguments = [.. constructor.GetParameters().Select(p => p.ParameterType == typeof(ITestOutputHelper)
            ? new DiscardedOutput()
            : throw new NotSupportedException($"{type.Name} needs a {p.ParameterType.Name}, which this runner cannot give"))];
        return constructor.Invoke(arguments);
    }

    private static object? Convert(object? value, Type target) =>
        value is null || target.IsInstanceOfType(value) ? value :
        target.IsEnum ? Enum.ToObject(target, value) :
        System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);

    private static string Format(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // The tests' diagnostic output is not needed to judge them.
    private sealed class DiscardedOutput : ITestOutputHelper
    {
        public void WriteLine(string message)
        {
        }

        public void WriteLine(string format, params object[] args)
        {
        }
    }
}
