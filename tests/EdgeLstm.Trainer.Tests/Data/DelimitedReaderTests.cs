using System.Text;
using CsCheck;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class DelimitedReaderTests
{
    private static List<(long Line, string[] Fields)> ReadAll(string text, char delimiter = ',', bool quoting = true) =>
        ReadAll(new StringReader(text), delimiter, quoting);

    private static List<(long Line, string[] Fields)> ReadAll(TextReader text, char delimiter = ',', bool quoting = true)
    {
        using var reader = new DelimitedReader(text, "t.csv", delimiter, quoting);
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
        var random = new Random(20261123);
        for (int round = 0; round < 20; round++)
        {
            (List<string[]> expected, string text) = RandomCsv(random);

            var records = ReadAll(text);

            Assert.Equal(expected.Count, records.Count);
            for (int r = 0; r < expected.Count; r++)
            {
                Assert.Equal(expected[r], records[r].Fields);
            }
        }
    }

    [Fact]
    public void Read_InputArrivingInChunksOfOneToSevenCharacters_GivesTheRecordsAndLinesOfTheWholeText()
    {
        // Every place where a record, a quoted field, a doubled quote or a CR LF can straddle two reads of the source.
        var random = new Random(20261204);
        for (int round = 0; round < 20; round++)
        {
            (_, string text) = RandomCsv(random);
            var whole = ReadAll(text);

            var chunked = ReadAll(new ChunkedReader(text, random));

            Assert.Equal(whole.Count, chunked.Count);
            for (int r = 0; r < whole.Count; r++)
            {
                Assert.Equal(whole[r].Line, chunked[r].Line);
                Assert.Equal(whole[r].Fields, chunked[r].Fields);
            }
        }
    }

    // Fields drawn from characters that need quoting (quoted when needed, else at random), long enough to straddle the 64 KiB buffer.
    private static (List<string[]> Records, string Text) RandomCsv(Random random)
    {
        const string alphabet = "ab,\"\n\r x;9-";
        var records = new List<string[]>();
        var text = new StringBuilder();
        for (int r = 0; r < 200; r++)
        {
            string[] record = [.. Enumerable.Range(0, random.Next(2, 6)).Select(_ =>
                new string([.. Enumerable.Range(0, random.Next(0, random.Next(2) == 0 ? 8 : 600)).Select(_ => alphabet[random.Next(alphabet.Length)])]))];
            if (record.All(f => f.Length == 0))
            {
                record[0] = "z";
            }

            records.Add(record);
            text.AppendJoin(',', record.Select(f => NeedsQuotes(f) || random.Next(2) == 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f)).Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }

        return (records, text.ToString());
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

    [Fact]
    public void Read_QuotedAndPlainFields_IndexerReturnsUnquotedUnescapedText()
    {
        using var reader = new DelimitedReader(new StringReader("plain,\"q,uoted\",\"a \"\"b\"\"\",\n"), "t.csv");

        Assert.True(reader.Read());

        Assert.Equal(4, reader.FieldCount);
        Assert.Equal("plain", reader[0].ToString());
        Assert.Equal("q,uoted", reader[1].ToString());
        Assert.Equal("a \"b\"", reader[2].ToString());
        Assert.Equal("", reader[3].ToString());
        Assert.False(reader.Read());
        Assert.Equal(0, reader.FieldCount);
    }

    [Fact]
    public void Read_TextAfterClosingQuote_NamesFileLineCharacterAndField()
    {
        using var reader = new DelimitedReader(new StringReader("a,b\nc,\"x\"y\n"), "t.csv");
        Assert.True(reader.Read());

        var error = Assert.Throws<DatasetFormatException>(() => reader.Read());

        Assert.Equal(2, error.Line);
        Assert.Equal("t.csv:2: character 6 (field 2): unexpected character 'y' after a closing quote", error.Message);
    }

    [Fact]
    public void Read_UnclosedQuote_NamesTheCharacterWhereItOpens()
    {
        var error = Assert.Throws<DatasetFormatException>(() => ReadAll("a,b\nc,d,\"open\nmore\n"));

        Assert.Equal("t.csv:2: character 5 (field 3): a quoted field is not closed before the end of the file", error.Message);
    }

    [Fact]
    public void Read_CrLfLfAndBareCr_EachEndOneLine()
    {
        var records = ReadAll("a,1\r\nb,2\nc,3\rd,4\r\n\r\ne,5");

        Assert.Equal([1L, 2, 3, 4, 6], records.Select(r => r.Line));
        Assert.Equal(["e", "5"], records[^1].Fields);
        Assert.All(records, r => Assert.DoesNotContain(r.Fields, f => f.Contains('\r', StringComparison.Ordinal)));
    }

    [Fact]
    public void Open_GzipWithByteOrderMarkAndCrLf_ReadsAsThePlainFile()
    {
        using var files = new DataTestFiles();
        const string Text = "\uFEFFname,value\r\n\"a,b\",1\r\nc,\"2\r\n3\"\r\n";
        string gzip = files.WriteGzip("t.csv.gz", Encoding.UTF8.GetBytes(Text));

        using DelimitedReader reader = DelimitedReader.Open(gzip);
        var records = new List<string>();
        var fields = new List<string>();
        while (reader.ReadRecord(fields))
        {
            records.Add($"{reader.RecordLine}:{string.Join("|", fields)}");
        }

        Assert.Equal(["1:name|value", "2:a,b|1", "3:c|2\r\n3"], records);
    }

    [Fact]
    public void SplitFields_TripleSpaces_SplitsThoseFieldsAndTrimsTheParts()
    {
        using var reader = new DelimitedReader(new StringReader("x\t-   Malicious   C&C \ty\n"), "conn.log", '\t', quoting: false);
        Assert.True(reader.Read());

        reader.SplitFields("   ");

        Assert.Equal(["x", "-", "Malicious", "C&C", "y"], Enumerable.Range(0, reader.FieldCount).Select(f => reader[f].ToString()));
    }

    [Fact]
    public void ClearField_Index_EmptiesOnlyThatField()
    {
        using var reader = new DelimitedReader(new StringReader("a\t-\tc\n"), "conn.log", '\t', quoting: false);
        Assert.True(reader.Read());

        reader.ClearField(1);

        Assert.Equal(["a", "", "c"], Enumerable.Range(0, reader.FieldCount).Select(f => reader[f].ToString()));
    }

    [Fact]
    public void Indexer_IndexPastTheRecord_Throws()
    {
        using var reader = new DelimitedReader(new StringReader("a,b\nc,d,e,f\n"), "t.csv");
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.True(reader.Read() is false);

        Assert.Throws<ArgumentOutOfRangeException>(() => reader[0].Length);
    }

    [Theory]
    [InlineData('\n', true)]
    [InlineData('\r', false)]
    [InlineData('"', true)]
    public void Constructor_DelimiterThatCannotDelimit_Throws(char delimiter, bool quoting)
    {
        Assert.Throws<ArgumentException>(() => new DelimitedReader(new StringReader(""), "t.csv", delimiter, quoting));
    }

    [Fact]
    public void Read_ArbitraryTextInArbitraryChunks_ThrowsNothingButDatasetFormatExceptionAndMatchesTheWholeRead()
    {
        // Text over the characters that matter (delimiters, quotes, line breaks, a BOM, non-ASCII), read whole and in chunks of random sizes.
        Gen<(string Text, bool Quoting, int Seed)> cases = Gen.Select(Gen.String[Gen.Char["a,\"\n\r\t \uFEFF9é"], 0, 300], Gen.Bool, Gen.Int);

        cases.Sample((text, quoting, seed) =>
        {
            string whole = Outcome(new StringReader(text), quoting);
            string chunked = Outcome(new ChunkedReader(text, new Random(seed)), quoting);
            Assert.Equal(whole, chunked);
        }, iter: 5_000, threads: 1);
    }

    // The records and lines read, or the error; anything thrown but DatasetFormatException fails the test.
    private static string Outcome(TextReader text, bool quoting)
    {
        try
        {
            return string.Join("\n", ReadAll(text, quoting: quoting).Select(r => $"{r.Line}:{string.Join("|", r.Fields)}"));
        }
        catch (DatasetFormatException error)
        {
            return error.Message;
        }
    }

    // Hands out the text a few characters per read, as a network stream or a decompressor may.
    private sealed class ChunkedReader(string text, Random random) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            int length = Math.Min(Math.Min(count, random.Next(1, 8)), text.Length - _position);
            text.CopyTo(_position, buffer, index, length);
            _position += length;
            return length;
        }

        public override int Peek() => _position < text.Length ? text[_position] : -1;

        public override int Read() => _position < text.Length ? text[_position++] : -1;
    }
}
