namespace EdgeLstm.Trainer.Training;

/// <summary>Runs one piece of work per shard on persistent threads, in lock step with the caller, without allocating per run.</summary>
/// <remarks>
/// Mini-batch training calls <see cref="Run"/> thousands of times; Parallel.For would allocate on each call and let the
/// thread pool decide placement. Here shard i always runs <c>work(i)</c>, the caller runs shard 0, and a
/// <see cref="Barrier"/> starts and ends each run.
/// </remarks>
internal sealed class ShardPool : IDisposable
{
    private readonly Barrier _barrier;
    private readonly Thread[] _workers;
    private readonly Action<int> _work;
    private readonly Exception?[] _errors;
    private volatile bool _stopping;

    /// <summary>Starts <paramref name="shards"/> − 1 worker threads.</summary>
    public ShardPool(int shards, Action<int> work)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shards);
        _work = work;
        _barrier = new Barrier(shards);
        _errors = new Exception?[shards];
        _workers = new Thread[shards - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            int shard = i + 1;
            _workers[i] = new Thread(() => Loop(shard)) { IsBackground = true, Name = $"edgelstm-shard-{shard}" };
            _workers[i].Start();
        }
    }

    /// <summary>Gets the number of shards.</summary>
    public int Shards => _errors.Length;

    /// <summary>Runs every shard's work once and returns when all are done.</summary>
    /// <exception cref="AggregateException">A shard's work threw.</exception>
    public void Run()
    {
        _barrier.SignalAndWait();
        Execute(0);
        _barrier.SignalAndWait();
        if (Array.Exists(_errors, e => e is not null))
        {
            Exception[] failures = _errors.OfType<Exception>().ToArray();
            Array.Clear(_errors);
            throw new AggregateException("A training shard failed.", failures);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        _barrier.SignalAndWait();
        foreach (Thread worker in _workers)
        {
            worker.Join();
        }

        _barrier.Dispose();
    }

    private void Loop(int shard)
    {
        while (true)
        {
            _barrier.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            Execute(shard);
            _barrier.SignalAndWait();
        }
    }

    private void Execute(int shard)
    {
        try
        {
            _work(shard);
        }
        catch (Exception error)
        {
            _errors[shard] = error;
        }
    }
}
