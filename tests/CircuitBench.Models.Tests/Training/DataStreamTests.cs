using CircuitBench.Models.Training;

namespace CircuitBench.Models.Tests.Training;

/// <summary>The synthetic data streams: pure functions of (seed, row), with the structure their tasks promise.</summary>
public sealed class DataStreamTests
{
    private static readonly RepeatedTokensTask Repeated = new(Vocab: 50, MinPeriod: 2, Length: 13, EvaluationRows: 8);

    private static int[] Row(TrainingBatch batch, int r) =>
        batch.Tokens.Ids.AsSpan(r * batch.Tokens.Seq, batch.Tokens.Lengths[r]).ToArray();

    [Fact]
    public void The_same_seed_gives_the_same_rows_however_the_stream_is_cut()
    {
        var whole = Repeated.Rows(seed: 7, firstRow: 0, rows: 8);
        var again = Repeated.Rows(seed: 7, firstRow: 0, rows: 8);
        var tail = Repeated.Rows(seed: 7, firstRow: 5, rows: 3);
        Assert.Equal(whole.Tokens.Ids, again.Tokens.Ids);
        Assert.Equal(whole.Targets, again.Targets);
        for (var r = 0; r < 3; r++) Assert.Equal(Row(whole, 5 + r), Row(tail, r));
        Assert.NotEqual(whole.Tokens.Ids, Repeated.Rows(seed: 8, firstRow: 0, rows: 8).Tokens.Ids);
    }

    [Fact]
    public void Training_rows_repeat_a_random_segment_whose_period_varies_and_evaluation_rows_repeat_the_first_half()
    {
        var batch = Repeated.Rows(seed: 3, firstRow: 0, rows: 64);
        Assert.Equal(13, batch.Tokens.Seq);
        Assert.False(batch.Tokens.HasPadding);
        var periods = new HashSet<int>();
        for (var r = 0; r < 64; r++)
        {
            var row = Row(batch, r);
            Assert.Equal(RepeatedTokensTask.Bos, row[0]);
            Assert.All(row[1..], t => Assert.InRange(t, 1, 49));
            var period = Enumerable.Range(2, 11).First(p => Enumerable.Range(1 + p, 12 - p).All(i => row[i] == row[i - p]));
            Assert.InRange(period, 2, 6);                                 // the smallest period ≥ 2 (a segment [a, a] also has period 1)
            periods.Add(period);
        }
        Assert.Equal(5, periods.Count);

        var evaluation = Repeated.EvaluationBatch(seed: 1);
        for (var r = 0; r < 8; r++)
        {
            var row = Row(evaluation, r);
            Assert.Equal(row[1..7], row[7..]);
        }
    }

    [Fact]
    public void Next_token_targets_shift_by_one_and_ignore_the_last_position_and_padding()
    {
        var batch = TrainingBatch.NextToken([[5, 6, 7], [8, 9]]);
        Assert.Equal([6, 7, TrainingBatch.Ignore, 9, TrainingBatch.Ignore, TrainingBatch.Ignore], batch.Targets);
    }

    [Fact]
    public void Modular_addition_rows_ask_for_the_sum_at_the_equals_sign_only()
    {
        var task = new ModularAdditionTask(Modulus: 7);
        var batch = task.Rows(seed: 1, firstRow: 0, rows: 50);
        Assert.Equal(4, batch.Tokens.Seq);
        var pairs = new HashSet<(int, int)>();
        for (var r = 0; r < 50; r++)
        {
            var row = Row(batch, r);
            Assert.Equal([task.Bos, task.EqualsToken], new[] { row[0], row[3] });
            Assert.Equal((row[1] + row[2]) % 7, batch.Targets[r * 4 + 3]);
            Assert.All(batch.Targets.AsSpan(r * 4, 3).ToArray(), t => Assert.Equal(TrainingBatch.Ignore, t));
            pairs.Add((row[1], row[2]));
        }
        Assert.True(pairs.Count > 30, $"Only {pairs.Count} distinct pairs in 50 rows: the operands are not random.");
    }
}
