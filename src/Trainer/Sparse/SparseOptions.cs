namespace EdgeLstm.Trainer.Sparse;

/// <summary>Holds the settings of sparse evolutionary training (SET, Mocanu et al. 2018; SET-LSTM, Liu et al. 2019).</summary>
/// <remarks>
/// The density of each weight matrix is either the target <see cref="Density"/> or, when that is not set, the
/// Erdős–Rényi density ε(n_in + n_out)/(n_in·n_out) with ε = <see cref="Epsilon"/> (capped at 1).
/// </remarks>
internal sealed record SparseOptions
{
    /// <summary>The ε used when neither a density nor an ε is given.</summary>
    public const double DefaultEpsilon = 10;

    /// <summary>Gets the target fraction of non-zero weights per matrix, in (0, 1]; overrides <see cref="Epsilon"/>.</summary>
    public double? Density { get; init; }

    /// <summary>Gets the Erdős–Rényi sparsity parameter ε; used when <see cref="Density"/> is not set.</summary>
    public double? Epsilon { get; init; }

    /// <summary>Gets the fraction ζ of positive and of negative weights pruned (and regrown) after every epoch, in [0, 1).</summary>
    public double Zeta { get; init; } = 0.3;

    /// <summary>Returns the density of a [rows × columns] weight matrix.</summary>
    public double DensityOf(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        return Density ?? Math.Min(1.0, (Epsilon ?? DefaultEpsilon) * (rows + columns) / ((double)rows * columns));
    }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    /// <exception cref="UsageException">A setting is out of range.</exception>
    public void Validate()
    {
        Require(Density is null || Epsilon is null, $"--density {Density} and --epsilon {Epsilon} exclude each other");
        Require(Density is null || (Density > 0 && Density <= 1), $"--density {Density} must be in (0, 1]");
        Require(Epsilon is null || (Epsilon > 0 && double.IsFinite(Epsilon.Value)), $"--epsilon {Epsilon} must be a positive number");
        Require(Zeta is >= 0 and < 1, $"--zeta {Zeta} must be in [0, 1)");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new UsageException(message + ".");
        }
    }
}
