using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class FlowTableReaderTests
{
    [Fact]
    public void Read_ZeekJsonWithSeventeenDigitTimestamps_ReadsTheTimes()
    {
        // JSON writers print a double with up to 17 significant digits.
        using var files = new DataTestFiles();
        string path = files.Write("conn.json",
            """
            {"ts":81.35792000000001,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":4000,"id.resp_h":"10.0.0.9","id.resp_p":80,"proto":"tcp","conn_state":"SF","orig_pkts":3,"resp_pkts":2}
            {"ts":1.5e2,"uid":"C2","id.orig_h":"10.0.0.1","id.orig_p":4001,"id.resp_h":"10.0.0.9","id.resp_p":80,"proto":"tcp","conn_state":"SF","orig_pkts":3,"resp_pkts":2}
            {"ts":1546300800.1234567895,"uid":"C3","id.orig_h":"10.0.0.1","id.orig_p":4002,"id.resp_h":"10.0.0.9","id.resp_p":80,"proto":"tcp","conn_state":"SF","orig_pkts":3,"resp_pkts":2}

            """);

        RecordTable table = FlowTableReader.Read([path]);

        Assert.Equal(3, table.RowCount);
        Assert.Equal(81.35792, table.Times![0], 9);
        Assert.Equal(150.0, table.Times[1], 9);
        Assert.Equal(1546300800.123456790, table.Times[2], 6);
    }
}
