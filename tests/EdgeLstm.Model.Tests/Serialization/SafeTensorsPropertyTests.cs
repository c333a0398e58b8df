using CsCheck;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

/// <summary>Property tests: any metadata and tensors the writer takes come back from the reader unchanged, and the
/// writer is a function of its input (writing what was read gives the same bytes).</summary>
public sealed class SafeTensorsPropertyTests
{
    private static readonly Gen<int[]> s_shape = Gen.Int[0, 4].Array[0, 3];

    // One tensor of each element type the generator covers; floats stay finite, as the writer requires.
    private static readonly Gen<Func<string, SafeTensor>> s_tensor = Gen.OneOf<Func<string, SafeTensor>>(
        s_shape.SelectMany(shape => Gen.Float[-1e30f, 1e30f].Array[Count(shape)], (shape, values) => new Func<string, SafeTensor>(name => SafeTensor.FromSingle(name, shape, values))),
        s_shape.SelectMany(shape => Gen.Double[-1e300, 1e300].Array[Count(shape)], (shape, values) => new Func<string, SafeTensor>(name => SafeTensor.FromDouble(name, shape, values))),
        s_shape.SelectMany(shape => Gen.Long.Array[Count(shape)], (shape, values) => new Func<string, SafeTensor>(name => SafeTensor.FromInt64(name, shape, values))),
        s_shape.SelectMany(shape => Gen.Int.Array[Count(shape)], (shape, values) => new Func<string, SafeTensor>(name => SafeTensor.FromInt32(name, shape, values))),
        s_shape.SelectMany(shape => Gen.Short.Array[Count(shape)], (shape, values) => new Func<string, SafeTensor>(name => SafeTensor.FromInt16(name, shape, values))),
        s_shape.SelectMany(shape => Gen.SByte.Array[Count(shape)], (shape, values) => new Func<string, SafeTensor>(name => SafeTensor.FromSByte(name, shape, values))),
        s_shape.SelectMany(shape => Gen.Byte.Array[Count(shape)], (shape, values) => new Func<string, SafeTensor>(name => SafeTensor.FromByte(name, shape, values))));

    // Keys and values with quotes, backslashes, control characters and non-ASCII text, which JSON must escape.
    private static readonly Gen<Dictionary<string, string>> s_metadata = Gen.Dictionary(Gen.String[1, 12], Gen.String[0, 40])[0, 4];

    private static readonly Gen<(Dictionary<string, string> Metadata, SafeTensor[] Tensors)> s_document =
        Gen.Select(s_metadata, s_tensor.Array[0, 5], Gen.String[0, 8], (metadata, makers, suffix) =>
            (metadata, makers.Select((make, i) => make($"t{i}.{suffix}")).ToArray()));

    [Fact]
    public void ToBytesThenRead_AnyDocument_GivesBackTheMetadataAndEveryTensor()
    {
        s_document.Sample(document =>
        {
            byte[] bytes = SafeTensorsWriter.ToBytes(document.Metadata, document.Tensors);

            SafeTensorsDocument read = SafeTensorsReader.Read(bytes);

            Assert.Equal(document.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), read.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(document.Tensors.Length, read.Tensors.Count);
            foreach (SafeTensor written in document.Tensors)
            {
                SafeTensor back = read.GetTensor(written.Name);
                Assert.Equal(written.DType, back.DType);
                Assert.Equal(written.Shape, back.Shape);
                SequenceAssert.Equal(written.Data.Span, back.Data.Span, $"tensor {written.Name}");
            }
        }, iter: 2_000, threads: 1);
    }

    [Fact]
    public void ToBytes_WhatWasRead_GivesTheSameBytes()
    {
        s_document.Sample(document =>
        {
            byte[] bytes = SafeTensorsWriter.ToBytes(document.Metadata, document.Tensors);
            SafeTensorsDocument read = SafeTensorsReader.Read(bytes);

            SequenceAssert.Equal(bytes, SafeTensorsWriter.ToBytes(read.Metadata, read.Tensors), "rewritten file");
        }, iter: 2_000, threads: 1);
    }

    private static int Count(int[] shape) => shape.Aggregate(1, (product, dimension) => product * dimension);
}
