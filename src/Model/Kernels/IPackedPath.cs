namespace EdgeLstm.Model.Kernels;

/// <summary>Defines one instruction path of the packed int8 layout (<see cref="PackedInt8Weights"/>); the generic loop there is specialised by the JIT for each.</summary>
internal interface IPackedPath : IInstructionPath
{
    /// <summary>Computes the sums of blocks <paramref name="firstBlock"/> to <paramref name="endBlock"/> (exclusive) into <paramref name="sums"/> at row 16 · block, added to what it holds (the bias).</summary>
    /// <param name="packed">The first packed block.</param>
    /// <param name="firstBlock">The first block to compute.</param>
    /// <param name="endBlock">The block after the last to compute.</param>
    /// <param name="pairs">The column pairs of a block.</param>
    /// <param name="words">The vector as int16 pairs, one int32 word per column pair.</param>
    /// <param name="sums">The first row's sum.</param>
    static abstract void MultiplyAdd(ref sbyte packed, int firstBlock, int endBlock, int pairs, ReadOnlySpan<int> words, ref int sums);
}
