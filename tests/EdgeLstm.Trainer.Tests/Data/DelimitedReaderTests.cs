using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class DelimitedReaderTests
{
    private static List<(long Line, string[] Fields)> ReadAll(string text, char delimiter = ',', bool quoting = true)
    {
        using var reader = new DelimitedReader(new StringReader(text), "t.csv", delimiter, quoting);
        var records = new List<(long, string[])>();
        var fields = new List<string>();
        while (reader.ReadRecord(fields))
        {
            records.Add((reader.RecordLine, [.. fields]));
        }

        return records;
    }

    [Fact]
    public void ReadRecord_QuotedFieldsWithDelimiterQuoteAndNewline_FollowRfc4180()
    {
        var records = ReadAll("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b,c", "say \"hi\""], records[0].Fields);
        Assert.Equal(["two\nlines", "x", ""], records[1].Fields);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void ReadRecord_RandomRecordsWrittenWithRfc4180Quoting_ReadBackUnchanged()
    {
        // Fields drawn from characters that need quoting (quoted when needed, else at random), long enough to straddle the 64 KiB buffer.
        var random = new Random(20261123);
        const string alphabet = "ab,\"\n\r x;9-";
        for (int round = 0; round < 20; round++)
        {
            var expected = new List<string[]>();
            var text = new System.Text.StringBuilder();
            for (int r = 0; r < 200; r++)
            {
                string[] record = [.. Enumerable.Range(0, random.Next(2, 6)).Select(_ =>
                    new string([.. Enumerable.Range(0, random.Next(0, random.Next(2) == 0 ? 8 : 600)).Select(_ => alphabet[random.Next(alphabet.Length)])]))];
                if (record.All(f => f.Length == 0))
                {
                    record[0] = "z";
                }

                expected.Add(record);
                text.AppendJoin(',', record.Select(f => NeedsQuotes(f) || random.Next(2) == 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f)).Append(random.Next(2) == 0 ? "\n" : "\r\n");
            }

            var records = ReadAll(text.ToString());

            Assert.Equal(expected.Count, records.Count);
            for (int r = 0; r < expected.Count; r++)
            {
                Assert.Equal(expected[r], records[r].Fields);
            }
        }
    }

    private static bool NeedsQuotes(string field) => field.AsSpan().IndexOfAny(",\"\n\r") >= 0;

    [Fact]
    public void ReadRecord_BlankLinesAndMissingFinalNewline_SkipsBlanksAndCountsLines()
    {
        var records = ReadAll("a,b\n\n\r\nc,d");

        Assert.Equal(2, records.Count);
        Assert.Equal(["c", "d"], records[1].Fields);
        Assert.Equal(4, records[1].Line);
    }

    [Fact]
    public void ReadRecord_QuotingOff_KeepsQuotesAsData()
    {
        var records = ReadAll("\"a\"\tb\n", '\t', quoting: false);

        Assert.Equal(["\"a\"", "b"], records[0].Fields);
    }

    [Fact]
    public void ReadRecord_QuoteInsideAnUnquotedField_IsData()
    {
        var records = ReadAll("5\" disk,b\n");

        Assert.Equal(["5\" disk", "b"], records[0].Fields);
    }

    [Fact]
    public void ReadRecord_UnclosedQuote_ThrowsNamingTheLineWhereItOpened()
    {
        var error = Assert.Throws<DatasetFormatException>(() => ReadAll("a,b\nc,\"open\nmore\n"));

        Assert.Equal(2, error.Line);
        Assert.Contains("t.csv:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRecord_TextAfterClosingQuote_Throws()
    {
        var error = Assert.Throws<DatasetFormatException>(() => ReadAll("\"a\"b,c\n"));

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void ReadRecord_RecordsLongerThanTheBuffer_AreReadWhole()
    {
        string wide = new('x', 200_000);

        var records = ReadAll($"{wide},\"{wide}\"\n1,2\n");

        Assert.Equal(wide, records[0].Fields[1]);
        Assert.Equal(["1", "2"], records[1].Fields);
    }
}
