using System.Globalization;
using Xunit.Sdk;

namespace EdgeLstm.TestSupport;

/// <summary>Asserts that two sequences are equal element by element, naming the first index where they differ.</summary>
internal static class SequenceAssert
{
    /// <summary>Verifies that <paramref name="actual"/> has the length and elements of <paramref name="expected"/>.</summary>
    /// <exception cref="XunitException">The lengths differ, or the elements at some index differ; the message names the
    /// first such index with both values and the lengths.</exception>
    public static void Equal<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string? what = null)
        where T : IEquatable<T>
    {
        var length = Math.Min(expected.Length, actual.Length);
        for (var i = 0; i < length; i++)
        {
            if (!expected[i].Equals(actual[i]))
            {
                throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"{what ?? "sequences"} differ first at index {i}: expected {expected[i]}, actual {actual[i]} (lengths {expected.Length} and {actual.Length})"));
            }
        }

        if (expected.Length != actual.Length)
        {
            throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                $"{what ?? "sequences"} have lengths {expected.Length} and {actual.Length}; equal up to index {length}"));
        }
    }
}
