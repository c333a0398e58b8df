using System.Buffers.Binary;
using EdgeLstm.Model.Serialization;
using Xunit.Abstractions;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed partial class SafeTensorsReaderTests(ITestOutputHelper output)
{
    private const int FuzzIterations = 6000;

    // Bytes that change the structure of JSON, of lengths and of floats when they land somewhere.
    private static readonly byte[] s_interestingBytes = [(byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'"', (byte)',', (byte)':', (byte)'-',
        (byte)'0', (byte)'9', (byte)'\\', (byte)' ', 0x00, 0x7F, 0x80, 0xC0, 0xFF];

    [Fact]
    public void Read_MutatedValidFiles_EitherSucceedsOrThrowsModelFormatException()
    {
        var random = new Random(20261123);
        byte[][] seeds =
        [
            SafeTensorsTestFiles.SmallModelBytes(),
            SafeTensorsWriter.ToBytes(new Dictionary<string, string>(), [SafeTensor.FromSingle("a", [2], [1f, 2f]), SafeTensor.FromByte("b", [0], [])]),
            SafeTensorsWriter.ToBytes(new Dictionary<string, string> { ["k"] = "v" }, [SafeTensor.FromDouble("d", [], [0.5])]),
        ];

        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < FuzzIterations; i++)
        {
            byte[] file = Mutate(random, seeds[random.Next(seeds.Length)]);

            bool fromSpan = TryRead(() => SafeTensorsReader.Read(file), out SafeTensorsDocument? document);
            bool fromStream = TryRead(() => SafeTensorsReader.Read(new MemoryStream(file)), out _);
            bool fromPipe = TryRead(() => SafeTensorsReader.Read(new NonSeekableStream(file, maxReadLength: 1 + random.Next(64))), out _);

            Assert.True(fromSpan == fromStream && fromSpan == fromPipe, $"iteration {i}: span {fromSpan}, stream {fromStream}, pipe {fromPipe}");
            if (document is not null)
            {
                // Whatever the reader accepts, the writer can write and the reader accepts again.
                byte[] rewritten = SafeTensorsWriter.ToBytes(document.Metadata, document.Tensors);
                Assert.Equal(rewritten, SafeTensorsWriter.ToBytes(SafeTensorsReader.Read(rewritten).Metadata, SafeTensorsReader.Read(rewritten).Tensors));
                accepted++;
            }
            else
            {
                rejected++;
            }
        }

        output.WriteLine($"{FuzzIterations} mutated files: {accepted} accepted, {rejected} rejected with ModelFormatException.");

        // Both outcomes must occur, or the mutations were too weak (or too strong) to test anything.
        Assert.True(accepted > 50, $"only {accepted} mutated files were accepted");
        Assert.True(rejected > FuzzIterations / 2, $"only {rejected} mutated files were rejected");
    }

    private static bool TryRead(Func<SafeTensorsDocument> read, out SafeTensorsDocument? document)
    {
        try
        {
            document = read();
            return true;
        }
        catch (ModelFormatException)
        {
            document = null;
            return false;
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var file = new List<byte>(seed);
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations && file.Count > 0; m++)
        {
            int position = random.Next(file.Count);
            switch (random.Next(6))
            {
                case 0:
                    file[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    file[position] = s_interestingBytes[random.Next(s_interestingBytes.Length)];
                    break;
                case 2:
                    file.RemoveRange(position, file.Count - position);
                    break;
                case 3:
                    file.InsertRange(position, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => s_interestingBytes[random.Next(s_interestingBytes.Length)]));
                    break;
                case 4:
                    file.RemoveRange(position, Math.Min(1 + random.Next(8), file.Count - position));
                    break;
                default:
                    EditHeaderLength(random, file);
                    break;
            }
        }

        return [.. file];
    }

    private static void EditHeaderLength(Random random, List<byte> file)
    {
        if (file.Count < 8)
        {
            return;
        }

        Span<byte> prefix = stackalloc byte[8];
        for (int i = 0; i < 8; i++)
        {
            prefix[i] = file[i];
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        length = random.Next(4) switch
        {
            0 => length + (ulong)random.Next(1, 17),
            1 => length - (ulong)random.Next(1, 17),
            2 => 100_000_000UL + (ulong)random.Next(-1, 2),
            _ => (ulong)random.NextInt64() << random.Next(2),
        };
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, length);
        for (int i = 0; i < 8; i++)
        {
            file[i] = prefix[i];
        }
    }
}
