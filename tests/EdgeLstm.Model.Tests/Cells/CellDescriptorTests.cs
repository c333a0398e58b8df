using System.Reflection;
using System.Text.Json.Serialization;
using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Cells;

public sealed class CellDescriptorTests
{
    public static TheoryData<CellKind> Kinds => [.. Enum.GetValues<CellKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void For_EveryKind_DescribesThatKindUnderItsModelFileName(CellKind kind)
    {
        CellDescriptor descriptor = CellDescriptor.For(kind);

        Assert.Equal(kind, descriptor.Kind);
        string fileName = typeof(CellKind).GetField(kind.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name;
        Assert.Equal(fileName, descriptor.Name);
        Assert.True(CellDescriptor.TryParse(descriptor.Name.ToUpperInvariant(), out CellDescriptor parsed));
        Assert.Same(descriptor, parsed);
    }

    [Fact]
    public void All_InEnumOrder_HoldsEveryKindOnce()
    {
        Assert.Equal(Enum.GetValues<CellKind>(), CellDescriptor.All.Select(d => d.Kind));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(99)]
    public void For_UnknownKind_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CellDescriptor.For((CellKind)value));
    }

    [Fact]
    public void TryParse_UnknownName_ReturnsFalse()
    {
        Assert.False(CellDescriptor.TryParse("transformer", out _));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Gates_EveryKind_RangesInsideTheGatesAndCandidateFedByInputAndRecurrent(CellKind kind)
    {
        CellDescriptor d = CellDescriptor.For(kind);

        foreach (GateRange range in new[] { d.InputGates, d.RecurrentGates, d.BiasGates, d.RecurrentBiasGates })
        {
            Assert.InRange(range.First + range.Count, 0, d.GateCount);
        }

        Assert.True(d.InputGates.Contains(d.CandidateGate));
        Assert.True(d.RecurrentGates.Contains(d.CandidateGate));
        int[] roles = d.HasCellState ? [d.InputGate, d.ForgetGate, d.OutputGate] : [d.ResetGate, d.UpdateGate];
        Assert.All(roles, gate => Assert.InRange(gate, 0, d.GateCount - 1));
        Assert.DoesNotContain(d.CandidateGate, roles);
    }

    [Fact]
    public void CellFactory_UnknownKind_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CellFactory.Create<float>((CellKind)99, 2, 2, peephole: false));
    }

    [Theory]
    [InlineData(CellKind.Lite)]
    [InlineData(CellKind.Gru)]
    public void GatedLstmCell_KindWithoutTheLstmUpdate_Throws(CellKind kind)
    {
        Assert.Throws<ArgumentException>(() => new GatedLstmCell<float>(CellDescriptor.For(kind), 2, 2));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ParameterCount_EveryKind_EqualsTheBuiltCellsTensors(CellKind kind)
    {
        foreach (bool peephole in new[] { false, true })
        {
            RecurrentCell<double> cell = CellFactory.Create<double>(kind, 5, 7, peephole);

            Assert.Equal(CellDescriptor.For(kind).ParameterCount(5, 7, peephole), cell.ParameterCount);
            Assert.Equal(kind, cell.Kind);
        }
    }

    [Fact]
    public void QuantizedCell_UnknownKind_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedCellFactory.Create(
            (CellKind)99, 2, 2, new float[16], new float[16], new float[8], null, 0.1, 0, 11, WeightFormat.Int8));
    }
}
