using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeLstm.Model.Serialization;

/// <summary>Converts a <see cref="ModelConfig"/> to and from the <c>edgelstm.config</c> JSON string (snake_case keys).</summary>
public static class ModelConfigJson
{
    /// <summary>Serializes a configuration; the same configuration always gives the same text.</summary>
    public static string Serialize(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return JsonSerializer.Serialize(Canonical(config), ModelConfigJsonContext.Default.ModelConfig);
    }

    /// <summary>Parses and validates a configuration.</summary>
    /// <exception cref="ModelFormatException">The text is not valid JSON for a configuration, or the configuration is invalid.</exception>
    public static ModelConfig Deserialize(string json)
    {
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(json, ModelConfigJsonContext.Default.ModelConfig);
        }
        catch (JsonException error)
        {
            throw new ModelFormatException($"metadata 'edgelstm.config' is not a valid configuration: {error.Message}", error);
        }

        if (config is null)
        {
            throw new ModelFormatException("metadata 'edgelstm.config' is null.");
        }

        config = Complete(config);
        try
        {
            config.Validate();
        }
        catch (ArgumentException error)
        {
            throw new ModelFormatException($"metadata 'edgelstm.config': {error.Message}", error);
        }

        return config;
    }

    // The source generator sets an init-only property that the JSON leaves out to null, not to its initializer: a field
    // that is required is refused by name, and one that later versions added gets its default.
    private static ModelConfig Complete(ModelConfig config)
    {
        Present(config.ClassNames, "class_names");
        if (config.Features is { } features)
        {
            Present(features.Schema, "features.schema");
            Present(features.Names, "features.names");
            Present(features.Transforms, "features.transforms");
            Present(features.Means, "features.means");
            Present(features.StandardDeviations, "features.standard_deviations");
        }

        if (config.Provenance is not { } provenance)
        {
            return config;
        }

        Present(provenance.DataHash, "provenance.data_hash");
        Present(provenance.Tool, "provenance.tool");
        Present(provenance.Metrics, "provenance.metrics");
        return provenance.Name is null ? config with { Provenance = provenance with { Name = "" } } : config;
    }

    private static void Present(object? value, string field)
    {
        if (value is null)
        {
            throw new ModelFormatException($"metadata 'edgelstm.config': {field} is missing.");
        }
    }

    // Dictionaries are written in key order so that the same model always gives the same bytes.
    private static ModelConfig Canonical(ModelConfig config)
    {
        if (config.Provenance is null || config.Provenance.Metrics is SortedDictionary<string, double?>)
        {
            return config;
        }

        var metrics = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach ((string key, double? value) in config.Provenance.Metrics)
        {
            metrics[key] = value;
        }

        return config with { Provenance = config.Provenance with { Metrics = metrics } };
    }
}

/// <summary>Source-generated serialization metadata for the model configuration (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ModelConfig))]
internal sealed partial class ModelConfigJsonContext : JsonSerializerContext;
