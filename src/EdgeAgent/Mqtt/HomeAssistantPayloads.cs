using System.Text.Json.Serialization;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>One entity's discovery config (field names as Home Assistant's MQTT discovery documents them).</summary>
/// <param name="Name">The entity name, shown after the device name.</param>
/// <param name="UniqueId">The unique id, stable across restarts.</param>
/// <param name="StateTopic">The topic the state is read from.</param>
/// <param name="ValueTemplate">The template that turns a message into the state.</param>
/// <param name="Availability">Where the availability is read from.</param>
/// <param name="Device">The device the entity belongs to.</param>
/// <param name="Origin">The software that announced it.</param>
internal sealed record HaEntity(string Name, string UniqueId, string StateTopic, string ValueTemplate, HaAvailability[] Availability, HaDevice Device, HaOrigin Origin)
{
    /// <summary>Gets the device class.</summary>
    public string? DeviceClass { get; init; }

    /// <summary>Gets the state class of a sensor.</summary>
    public string? StateClass { get; init; }

    /// <summary>Gets the unit of a sensor.</summary>
    public string? UnitOfMeasurement { get; init; }

    /// <summary>Gets the payload meaning on, for a binary sensor.</summary>
    public string? PayloadOn { get; init; }

    /// <summary>Gets the payload meaning off, for a binary sensor.</summary>
    public string? PayloadOff { get; init; }

    /// <summary>Gets the seconds after which a binary sensor turns off by itself.</summary>
    public int? OffDelay { get; init; }

    /// <summary>Gets the seconds after which a sensor's value is stale.</summary>
    public int? ExpireAfter { get; init; }

    /// <summary>Gets the topic whose JSON becomes the entity's attributes.</summary>
    public string? JsonAttributesTopic { get; init; }

    /// <summary>Gets the icon.</summary>
    public string? Icon { get; init; }

    /// <summary>Gets the QoS of the subscriptions.</summary>
    public int Qos { get; init; } = 1;
}

/// <summary>The device block of a discovery config.</summary>
/// <param name="Identifiers">The device's identifiers.</param>
/// <param name="Name">The device name.</param>
/// <param name="Manufacturer">The manufacturer.</param>
/// <param name="Model">The model.</param>
/// <param name="SwVersion">The agent version.</param>
internal sealed record HaDevice(string[] Identifiers, string Name, string Manufacturer, string Model, string SwVersion);

/// <summary>The origin block of a discovery config.</summary>
/// <param name="Name">The software's name.</param>
/// <param name="SwVersion">Its version.</param>
internal sealed record HaOrigin(string Name, string SwVersion);

/// <summary>One availability source of a discovery config.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="ValueTemplate">The template that extracts the state.</param>
/// <param name="PayloadAvailable">The value meaning available.</param>
/// <param name="PayloadNotAvailable">The value meaning unavailable.</param>
internal sealed record HaAvailability(string Topic, string ValueTemplate, string PayloadAvailable, string PayloadNotAvailable);

/// <summary>Source-generated JSON for Home Assistant's discovery payloads: snake_case, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HaEntity))]
internal sealed partial class HomeAssistantJsonContext : JsonSerializerContext;
