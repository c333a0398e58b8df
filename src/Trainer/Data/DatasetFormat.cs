namespace EdgeLstm.Trainer.Data;

/// <summary>Names the dataset formats the trainer reads (the <c>--format</c> option).</summary>
internal enum DatasetFormat
{
    /// <summary>NSL-KDD: headerless CSV with a column-names file (<see cref="NslKddReader"/>).</summary>
    NslKdd,

    /// <summary>A flow table with a header row, CICFlowMeter- or UNSW-NB15-style (<see cref="CsvTableReader"/>).</summary>
    Csv,

    /// <summary>A Zeek conn.log, TSV or CSV (<see cref="ZeekConnReader"/>).</summary>
    Zeek,

    /// <summary>The feature CSV the traffic-features command writes (<see cref="FeatureCsvReader"/>).</summary>
    Features,
}
