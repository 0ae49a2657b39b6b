using System.Text.Encodings.Web;
using System.Text.Json;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Policy.Simulation;

/// <summary>
/// Runs <c>tokenbroker policy simulate</c>: JSON Lines of requests in, one JSON line per request out, in order
/// (docs/policy-simulate.md). Policies are cached by hash, so thousands of cases sharing policies compile once.
/// </summary>
public sealed class PolicySimulator
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PolicyCache _cache = new();

    /// <summary>Simulates every non-blank line of <paramref name="input"/>, writing one result line each to <paramref name="output"/>.</summary>
    public async Task<int> RunAsync(TextReader input, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var count = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            await output.WriteLineAsync(SimulateLine(line).AsMemory(), cancellationToken);
            count++;
        }

        await output.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>Simulates one request line and returns the result line.</summary>
    public string SimulateLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parsed = new SimulationRequestReader(_cache).Read(line);
        if (parsed.Request is null || parsed.Policies is null)
        {
            return Write(parsed.Id, "Error", [], parsed.Errors);
        }

        var decision = PolicyEvaluator.Evaluate(parsed.Request, parsed.Policies);
        var statements = decision.GetDecidingStatements().Select(s => s.Name).ToList();
        return Write(parsed.Id, decision.Kind.ToString(), statements, []);
    }

    private static string Write(string? id, string decision, IReadOnlyList<string> statements, IReadOnlyList<string> errors)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (id is null)
            {
                writer.WriteNull("id");
            }
            else
            {
                writer.WriteString("id", id);
            }

            writer.WriteString("decision", decision);
            WriteArray(writer, "statements", statements);
            WriteArray(writer, "errors", errors);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
