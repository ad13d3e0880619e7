using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PdE.Stats.Contracts;
using PdE.Stats.Features.AnswerGetKeyFigures;

namespace PdE.Stats.Tests.AnswerGetKeyFigures;

/// <summary>
/// « Comment ça marche » never makes a visitor wait for a count once a year's figures were counted on the host: figures
/// five minutes old are shown at once while one count runs in the background.
/// </summary>
public sealed class KeyFiguresMemoryTests
{
    private readonly MovableClock clock = new();

    [Test]
    public async Task Figures_five_minutes_old_are_shown_at_once_and_counted_again_once_in_the_background()
    {
        var memory = new KeyFiguresMemory(clock);
        var counts = 0;
        var release = new TaskCompletionSource();
        async Task<KeyFigures> Count(CancellationToken _)
        {
            var n = Interlocked.Increment(ref counts);
            if (n == 2)
            {
                await release.Task;
            }

            return new KeyFigures(n, 0);
        }

        Assert.That((await memory.GetAsync(2026, Count, NullLogger.Instance, default)).RequestsReceived, Is.EqualTo(1), "the first reader waits for the count");
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.That((await memory.GetAsync(2026, Count, NullLogger.Instance, default)).RequestsReceived, Is.EqualTo(1));
        Assert.That(counts, Is.EqualTo(1), "not counted again within five minutes");

        clock.Advance(TimeSpan.FromMinutes(2));
        var readers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => memory.GetAsync(2026, Count, NullLogger.Instance, default).AsTask()));
        Assert.That(readers.Select(f => f.RequestsReceived), Is.All.EqualTo(1), "the stale figures at once, the count still running");
        Assert.That(counts, Is.EqualTo(2), "one count for all the readers");

        release.SetResult();
        await WaitUntilAsync(async () => (await memory.GetAsync(2026, Count, NullLogger.Instance, default)).RequestsReceived == 2, "the recounted figures");
        Assert.That(counts, Is.EqualTo(2));
        Assert.That((await memory.GetAsync(2027, Count, NullLogger.Instance, default)).RequestsReceived, Is.EqualTo(3), "each year its own count");
    }

    [Test]
    public async Task A_failed_count_keeps_the_last_figures_and_the_next_reader_counts_again()
    {
        var memory = new KeyFiguresMemory(clock);
        var counts = 0;
        Task<KeyFigures> Count(CancellationToken _) => ++counts == 2
            ? Task.FromException<KeyFigures>(new TimeoutException("the database is slow"))
            : Task.FromResult(new KeyFigures(counts, 0));

        await memory.GetAsync(2026, Count, NullLogger.Instance, default);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.That((await memory.GetAsync(2026, Count, NullLogger.Instance, default)).RequestsReceived, Is.EqualTo(1));
        await WaitUntilAsync(() => Task.FromResult(counts == 2), "the failed count");

        await WaitUntilAsync(async () => (await memory.GetAsync(2026, Count, NullLogger.Instance, default)).RequestsReceived == 3, "a new count after the failure");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"Waited 10 s for {what}.");
            }

            await Task.Delay(10);
        }
    }

    private sealed class MovableClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
