using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class SlicedEllpackInt8Tests
{
    public static TheoryData<int, int, double, int> Shapes => new()
    {
        { 0, 0, 0.5, 256 },
        { 1, 1, 1.0, 256 },
        { 15, 7, 0.3, 16 },
        { 17, 256, 0.1, 256 },
        { 17, 256, 0.1, 16 },
        { 1024, 32, 0.1, 16 },
        { 33, 257, 0.5, 256 },
        { 33, 257, 0.5, 16 },
        { 40, 600, 0.05, 256 },
        { 40, 600, 0.05, 7 },
        { 5, 300, 0.0, 16 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FromCompressedRows_EverySlot_RebuildsTheDenseMatrix(int rows, int columns, double density, int panelColumns)
    {
        var random = new Random(rows + columns);
        sbyte[] weights = CompressedRows.RandomDense(random, rows, columns, density);
        CompressedRows csr = CompressedRows.FromDense(weights, rows, columns);
        var layout = SlicedEllpackInt8.FromCompressedRows(csr.RowStarts, csr.ColumnIndices, csr.Values, rows, columns, panelColumns);

        var rebuilt = new sbyte[rows * columns];
        for (int b = 0; b < layout.Blocks; b++)
        {
            for (int p = 0; p < layout.Panels; p++)
            {
                int start = layout.GroupStarts[(b * layout.Panels) + p] * SlicedEllpackInt8.GroupBytes;
                int end = layout.GroupStarts[(b * layout.Panels) + p + 1] * SlicedEllpackInt8.GroupBytes;
                for (int i = start; i < end; i++)
                {
                    int row = (b * SlicedEllpackInt8.BlockRows) + ((i % (SlicedEllpackInt8.GroupBytes / 2)) / 2);
                    int column = (p * panelColumns) + layout.ColumnOffsets[i];
                    if (layout.Weights[i] != 0)
                    {
                        Assert.True(row < rows && column < columns && layout.ColumnOffsets[i] < panelColumns, $"Slot {i} lies outside the matrix.");
                        Assert.Equal(0, rebuilt[(row * columns) + column]);
                        rebuilt[(row * columns) + column] = layout.Weights[i];
                    }
                }
            }
        }

        Assert.Equal(weights, rebuilt);
        Assert.True(layout.SlotCount >= csr.Values.Length);
    }

    [Fact]
    public void FromCompressedRows_EqualRowLengths_NoPaddingBeyondTheGroup()
    {
        // Every row of 16 holds exactly 8 entries in the one panel: two groups of four slots, nothing padded.
        const int Rows = 16;
        const int Columns = 64;
        var weights = new sbyte[Rows * Columns];
        for (int r = 0; r < Rows; r++)
        {
            for (int k = 0; k < 8; k++)
            {
                weights[(r * Columns) + ((r + (7 * k)) % Columns)] = (sbyte)(k + 1);
            }
        }

        CompressedRows csr = CompressedRows.FromDense(weights, Rows, Columns);
        var layout = SlicedEllpackInt8.FromCompressedRows(csr.RowStarts, csr.ColumnIndices, csr.Values, Rows, Columns, 256);

        Assert.Equal(Rows * 8, layout.SlotCount);
        Assert.Equal([0, 2], layout.GroupStarts.ToArray());
    }

    [Fact]
    public void FromCompressedRows_PanelWiderThanAByte_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SlicedEllpackInt8.FromCompressedRows([0, 0], [], [], 1, 300, 257));
    }

    [Fact]
    public void SlotPosition_SlotsOfARow_AreTheLanePairOfThatRow()
    {
        // Slots 0, 1 of row 3 are int16 lanes 6, 7 of the first half; slots 2, 3 the same lanes of the second half.
        Assert.Equal(6, SlicedEllpackInt8.SlotPosition(3, 0));
        Assert.Equal(7, SlicedEllpackInt8.SlotPosition(3, 1));
        Assert.Equal(38, SlicedEllpackInt8.SlotPosition(3, 2));
        Assert.Equal(39, SlicedEllpackInt8.SlotPosition(3, 3));
        Assert.Equal(64 + 6, SlicedEllpackInt8.SlotPosition(3, 4));
    }
}
