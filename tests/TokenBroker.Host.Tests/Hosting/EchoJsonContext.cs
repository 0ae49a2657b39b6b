using System.Text.Json.Serialization;

namespace TokenBroker.Host.Tests.Hosting;

[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;
