namespace EdgeLstm.Model.Tests.Kernels;

/// <summary>A sparse int8 matrix in compressed sparse rows, built by the tests independently of the production code.</summary>
internal sealed record CompressedRows(int[] RowStarts, ushort[] ColumnIndices, sbyte[] Values, int Rows, int Columns)
{
    /// <summary>Keeps the non-zero weights of a dense row-major matrix.</summary>
    public static CompressedRows FromDense(sbyte[] weights, int rows, int columns)
    {
        var rowStarts = new int[rows + 1];
        var columnIndices = new List<ushort>();
        var values = new List<sbyte>();
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                if (weights[(r * columns) + j] != 0)
                {
                    columnIndices.Add((ushort)j);
                    values.Add(weights[(r * columns) + j]);
                }
            }

            rowStarts[r + 1] = values.Count;
        }

        return new CompressedRows(rowStarts, [.. columnIndices], [.. values], rows, columns);
    }

    /// <summary>Returns a dense matrix whose weights are non-zero with the given probability, each non-zero uniform in −128..127.</summary>
    public static sbyte[] RandomDense(Random random, int rows, int columns, double density)
    {
        var weights = new sbyte[rows * columns];
        for (int i = 0; i < weights.Length; i++)
        {
            if (random.NextDouble() < density)
            {
                int value = random.Next(sbyte.MinValue, sbyte.MaxValue);
                weights[i] = (sbyte)(value >= 0 ? value + 1 : value);
            }
        }

        return weights;
    }
}
