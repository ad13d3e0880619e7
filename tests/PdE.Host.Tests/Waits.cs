namespace PdE.Host.Tests;

/// <summary>Waits on a condition, checked every 200 ms, within a bound that, when passed, fails the test with what it waited for.</summary>
internal static class Waits
{
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan bound, string what) => UntilAsync(condition, bound, () => what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan bound, Func<string> what)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"waited {bound.TotalSeconds:0} s for {what()}");
            }

            await Task.Delay(200);
        }
    }
}
