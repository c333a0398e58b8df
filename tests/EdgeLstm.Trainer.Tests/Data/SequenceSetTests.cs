using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class SequenceSetTests
{
    // 100 sequences of 2 steps × 1 input holding their own index; 80 of class 0, 20 of class 1; every fifth class-0 one impure.
    private static SequenceSet Hundred()
    {
        float[] inputs = [.. Enumerable.Range(0, 100).SelectMany(i => new[] { (float)i, (float)i })];
        int[] labels = [.. Enumerable.Range(0, 100).Select(i => i % 5 == 4 ? 1 : 0)];
        bool[] allBenign = [.. Enumerable.Range(0, 100).Select(i => labels[i] == 0 && i % 10 != 0)];
        return new SequenceSet(inputs, labels, allBenign, 2, 1, ["benign", "attack"]);
    }

    private static int[] Ids(SequenceSet set) => [.. Enumerable.Range(0, set.Count).Select(i => (int)set.Inputs[i * 2])];

    [Fact]
    public void BenignOnly_KeepsSequencesLabelledBenignWhateverTheirEarlierRecords()
    {
        SequenceSet benign = Hundred().BenignOnly();

        Assert.Equal(80, benign.Count);
        Assert.All(Ids(benign), id => Assert.True(id % 5 != 4));
        Assert.Equal(10, benign.AllBenign.Count(b => !b));
        Assert.All(benign.Labels, label => Assert.Equal(0, label));
    }

    [Fact]
    public void Select_Indices_CopiesInThatOrder()
    {
        SequenceSet selected = Hundred().Select([9, 2]);

        Assert.Equal([9f, 9f, 2f, 2f], selected.Inputs);
        Assert.Equal([1, 0], selected.Labels);
    }

    [Fact]
    public void Constructor_LengthsThatDoNotMatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SequenceSet(new float[5], new int[2], new bool[2], 2, 1, ["a", "b"]));
    }
}
