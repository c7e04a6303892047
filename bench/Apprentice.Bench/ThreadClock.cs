using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Apprentice.Bench;

/// <summary>
/// Wall time and this thread's CPU time of an action. On a shared machine the CPU time leaves out the periods
/// the thread was descheduled, so it is the steadier figure; both are reported.
/// </summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    private static readonly bool _available = OperatingSystem.IsLinux();

    /// <summary>This thread's CPU time in ms (wall time where the clock is not available).</summary>
    public static double CpuMilliseconds()
    {
        if (!_available) return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
        ClockGetTime(ClockThreadCpuTimeId, out Timespec t);
        return t.Seconds * 1e3 + t.Nanoseconds * 1e-6;
    }

    /// <summary>(wall ms, thread CPU ms) of one run of <paramref name="action"/>.</summary>
    public static (double Wall, double Cpu) Measure(Action action)
    {
        double cpu0 = CpuMilliseconds();
        long t0 = Stopwatch.GetTimestamp();
        action();
        double wall = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        return (wall, CpuMilliseconds() - cpu0);
    }
}
