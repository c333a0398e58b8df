namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Represents a sparse int8 matrix in the sliced-ELLPACK layout the SIMD sparse kernels read: rows in blocks of 16,
/// each block's non-zeros stored in lockstep, so one vector lane (or lane pair) per row needs no gather of weights
/// and no horizontal sum, and columns in panels small enough for the vector's panel to be a byte lookup table.
/// </summary>
/// <remarks>
/// <para>
/// Built once from compressed sparse rows (the file layout, which does not change). The columns are cut into panels of
/// <see cref="PanelColumns"/> (at most 256, so a column within a panel fits in one byte): 256 for the AVX-512 VBMI path,
/// whose table is four registers, and 16 for the portable path, whose table is one 128-bit register. Rows are
/// cut into blocks of <see cref="BlockRows"/> (the last block padded with empty rows). Block b's entries in panel p
/// take <c>S</c> slots per row, <c>S</c> the longest row of the block in the panel rounded up to a multiple of
/// <see cref="GroupSlots"/>; shorter rows are padded with weight 0 at in-panel column 0, which adds exactly 0.
/// </para>
/// <para>
/// The slots are stored as groups of four, 64 bytes each, in <see cref="Weights"/> (int8) and
/// <see cref="ColumnOffsets"/> (column − p·<see cref="PanelColumns"/>, one byte) at the same positions: slot <c>4g + 2h + e</c> of row
/// <c>r</c> is byte <c>32h + 2r + e</c> of group <c>g</c>. A 32-byte half then widens to 32 int16 in which lanes
/// <c>2r</c>, <c>2r + 1</c> belong to row r, the operand order of VPMADDWD, whose int32 lane r is row r's partial sum.
/// The groups of block b in panel p are <c>[GroupStarts[b·Panels + p], GroupStarts[b·Panels + p + 1])</c>.
/// </para>
/// <para>
/// This is the SELL-C layout of Kreutzer et al. (SIAM J. Sci. Comput. 2014) with C = 16 and no row sorting: the
/// Erdős–Rényi masks of SET-LSTM give rows of nearly equal length, so the padding stays small (a block costs its
/// longest row) and the rows keep their order, which lets a block's sums be stored with one vector write.
/// </para>
/// </remarks>
internal sealed class SlicedEllpackInt8
{
    /// <summary>The number of rows in a block, one int32 lane each in a 512-bit accumulator.</summary>
    public const int BlockRows = 16;

    /// <summary>The number of slots per row in one stored group.</summary>
    public const int GroupSlots = 4;

    /// <summary>The number of bytes of one stored group: <see cref="BlockRows"/> × <see cref="GroupSlots"/>.</summary>
    public const int GroupBytes = BlockRows * GroupSlots;

    private readonly sbyte[] _weights;
    private readonly byte[] _columnOffsets;
    private readonly int[] _groupStarts;

    private SlicedEllpackInt8(int rows, int columns, int panelColumns, sbyte[] weights, byte[] columnOffsets, int[] groupStarts)
    {
        Rows = rows;
        Columns = columns;
        PanelColumns = panelColumns;
        _weights = weights;
        _columnOffsets = columnOffsets;
        _groupStarts = groupStarts;
    }

    /// <summary>Gets the number of rows.</summary>
    public int Rows { get; }

    /// <summary>Gets the number of columns.</summary>
    public int Columns { get; }

    /// <summary>Gets the number of columns in a panel, the size of the byte-indexed lookup table of the vector.</summary>
    public int PanelColumns { get; }

    /// <summary>Gets the number of row blocks, the last one possibly partial.</summary>
    public int Blocks => CountBlocks(Rows);

    /// <summary>Gets the number of column panels, the last one possibly narrower than <see cref="PanelColumns"/>.</summary>
    public int Panels => CountPanels(Columns, PanelColumns);

    /// <summary>Gets the weights of every group, zero in padded slots.</summary>
    public ReadOnlySpan<sbyte> Weights => _weights;

    /// <summary>Gets the in-panel column of every slot, at the positions of <see cref="Weights"/>.</summary>
    public ReadOnlySpan<byte> ColumnOffsets => _columnOffsets;

    /// <summary>Gets the first group of each (block, panel) pair in block-major order, followed by the total number of groups.</summary>
    public ReadOnlySpan<int> GroupStarts => _groupStarts;

    /// <summary>Gets the number of stored slots, padding included (the work a kernel does).</summary>
    public int SlotCount => _weights.Length;

    /// <summary>Builds the layout from validated compressed sparse rows.</summary>
    /// <param name="rowStarts">The row starts, <paramref name="rows"/> + 1 long.</param>
    /// <param name="columnIndices">The column of each value, increasing within a row.</param>
    /// <param name="values">The non-zero weights.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="panelColumns">The number of columns in a panel, 1..256: the table size of the path that reads the layout.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="panelColumns"/> is outside 1..256.</exception>
    public static SlicedEllpackInt8 FromCompressedRows(ReadOnlySpan<int> rowStarts, ReadOnlySpan<ushort> columnIndices, ReadOnlySpan<sbyte> values, int rows, int columns, int panelColumns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(panelColumns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(panelColumns, 256);
        int blocks = CountBlocks(rows);
        int panels = CountPanels(columns, panelColumns);

        // A row's entries in one panel are contiguous in CSR because columns increase; panelStarts[r·(panels + 1) + p]
        // is the first entry of row r at or after panel p.
        var panelStarts = new int[rows * (panels + 1)];
        for (int r = 0; r < rows; r++)
        {
            int k = rowStarts[r];
            for (int p = 0; p < panels; p++)
            {
                panelStarts[(r * (panels + 1)) + p] = k;
                while (k < rowStarts[r + 1] && columnIndices[k] < (p + 1) * panelColumns)
                {
                    k++;
                }
            }

            panelStarts[(r * (panels + 1)) + panels] = rowStarts[r + 1];
        }

        var groupStarts = new int[(blocks * panels) + 1];
        for (int b = 0; b < blocks; b++)
        {
            for (int p = 0; p < panels; p++)
            {
                int longest = 0;
                for (int r = b * BlockRows; r < Math.Min(rows, (b + 1) * BlockRows); r++)
                {
                    longest = Math.Max(longest, panelStarts[(r * (panels + 1)) + p + 1] - panelStarts[(r * (panels + 1)) + p]);
                }

                int index = (b * panels) + p;
                groupStarts[index + 1] = groupStarts[index] + ((longest + GroupSlots - 1) / GroupSlots);
            }
        }

        var weights = new sbyte[groupStarts[^1] * GroupBytes];
        var columnOffsets = new byte[weights.Length];
        for (int r = 0; r < rows; r++)
        {
            int b = r / BlockRows;
            for (int p = 0; p < panels; p++)
            {
                int first = panelStarts[(r * (panels + 1)) + p];
                int end = panelStarts[(r * (panels + 1)) + p + 1];
                int groupBase = groupStarts[(b * panels) + p] * GroupBytes;
                for (int k = first; k < end; k++)
                {
                    int position = groupBase + SlotPosition(r % BlockRows, k - first);
                    weights[position] = values[k];
                    columnOffsets[position] = (byte)(columnIndices[k] - (p * panelColumns));
                }
            }
        }

        return new SlicedEllpackInt8(rows, columns, panelColumns, weights, columnOffsets, groupStarts);
    }

    private static int CountBlocks(int rows) => (rows + BlockRows - 1) / BlockRows;

    private static int CountPanels(int columns, int panelColumns) => (columns + panelColumns - 1) / panelColumns;

    /// <summary>Returns the byte position, from the start of a (block, panel) run of groups, of a row's slot.</summary>
    /// <param name="rowInBlock">The row within its block, 0..15.</param>
    /// <param name="slot">The slot within the row, 0 for its first entry in the panel.</param>
    public static int SlotPosition(int rowInBlock, int slot) =>
        ((slot / GroupSlots) * GroupBytes) + ((slot % GroupSlots / 2) * (GroupBytes / 2)) + (2 * rowInBlock) + (slot % 2);
}
