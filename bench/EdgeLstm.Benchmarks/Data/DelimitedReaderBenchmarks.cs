using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using EdgeLstm.Trainer.Data;
using nietras.SeparatedValues;

namespace EdgeLstm.Benchmarks.Data;

/// <summary>Reads one generated CSV of 200,000 records × 43 numeric fields (written at setup into the temp folder, removed at
/// cleanup) through the delimited reader of main @ dcfa462 (<see cref="LegacyDelimitedReader"/>), the current
/// <see cref="DelimitedReader"/> (its span API and its string API) and raw Sep 0.18 as the floor, and the decoding alone (<see cref="Decode"/>: the text reader's UTF-8 to UTF-16, which every reader pays). Every method opens the
/// file the same way (<see cref="DataFile.OpenText"/>: UTF-8 decoding included) and sums the fields' lengths, so that
/// each reader visits every field.</summary>
[MemoryDiagnoser]
public class DelimitedReaderBenchmarks
{
    private const int Rows = 200_000;
    private const int Columns = 43;

    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"edgelstm-bench-{Environment.ProcessId}.csv");
        var random = new Random(20261204);
        using (var writer = new StreamWriter(_path, false, new UTF8Encoding(false), 1 << 16))
        {
            writer.WriteLine(string.Join(',', Enumerable.Range(0, Columns).Select(c => $"feature_{c}")));
            var line = new StringBuilder();
            for (int r = 0; r < Rows; r++)
            {
                line.Clear();
                for (int c = 0; c < Columns; c++)
                {
                    if (c > 0)
                    {
                        line.Append(',');
                    }

                    // Flow tables mix counters, rates with decimals and zeros.
                    _ = (c % 3) switch
                    {
                        0 => line.Append(random.Next(0, 100_000)),
                        1 => line.Append((random.NextDouble() * 1000).ToString("0.######", CultureInfo.InvariantCulture)),
                        _ => line.Append(random.Next(4) == 0 ? random.Next(0, 10) : 0),
                    };
                }

                writer.WriteLine(line);
            }
        }

        Console.WriteLine($"// {_path}: {new FileInfo(_path).Length:N0} bytes, {Legacy():N0} field characters");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true)]
    public long Legacy()
    {
        using LegacyDelimitedReader reader = LegacyDelimitedReader.Open(_path);
        return SumLengths(reader.ReadRecord);
    }

    [Benchmark]
    public long Spans()
    {
        long sum = 0;
        using DelimitedReader reader = DelimitedReader.Open(_path);
        while (reader.Read())
        {
            for (int f = 0; f < reader.FieldCount; f++)
            {
                sum += reader[f].Length;
            }
        }

        return sum;
    }

    [Benchmark]
    public long Strings()
    {
        using DelimitedReader reader = DelimitedReader.Open(_path);
        return SumLengths(reader.ReadRecord);
    }

    [Benchmark]
    public long Decode()
    {
        long sum = 0;
        char[] buffer = new char[1 << 16];
        using TextReader reader = DataFile.OpenText(_path);
        for (int read; (read = reader.Read(buffer, 0, buffer.Length)) > 0;)
        {
            sum += read;
        }

        return sum;
    }

    [Benchmark]
    public long Sep()
    {
        long sum = 0;
        using SepReader reader = nietras.SeparatedValues.Sep.Reader(o => o with { Sep = new Sep(','), HasHeader = false, Unescape = true })
            .From(DataFile.OpenText(_path));
        foreach (SepReader.Row row in reader)
        {
            for (int f = 0; f < row.ColCount; f++)
            {
                sum += row[f].Span.Length;
            }
        }

        return sum;
    }

    // The string APIs of both readers: one delegate per file, a string per field.
    private static long SumLengths(Func<List<string>, bool> readRecord)
    {
        long sum = 0;
        var fields = new List<string>(Columns);
        while (readRecord(fields))
        {
            foreach (string field in fields)
            {
                sum += field.Length;
            }
        }

        return sum;
    }
}
