using System.Text;
using Runway.Config.Toml;

namespace Runway.Config.Tests.Toml;

/// <summary>Damaged input of every kind gives a document or an error value, never an exception.</summary>
public sealed class TomlRobustnessTests
{
    private const string Sample = """
        # deploy settings
        [build]
        builder = "NIXPACKS"
        buildCommand = '''
        npm ci && \
        npm run build'''
        [deploy]
        startCommand = "node server.js\tnow \u00e9"
        healthcheckTimeout = 300
        ratio = -1.5e3
        at = 1979-05-27T07:32:00.5+01:00
        day = 2024-02-29
        ports = [ 80, 443, # web
          8080, ]
        env = { NODE_ENV = "production", nested.key = 0x1F }
        [[deploy.hooks]]
        name = "migrate"
        [environments.staging.deploy]
        numReplicas = 1
        """;

    [Fact]
    public void Every_truncation_of_a_document_parses_or_fails_cleanly()
    {
        var bytes = Encoding.UTF8.GetBytes(Sample);
        for (var length = 0; length <= bytes.Length; length++)
        {
            AssertParsesOrFails(bytes.AsSpan(0, length));
        }
    }

    [Fact]
    public void Random_byte_damage_never_throws()
    {
        var random = new Random(20240229);
        var corpus = new List<byte[]> { Encoding.UTF8.GetBytes(Sample) };
        if (TomlTestSuite.Root is { } root)
        {
            corpus.AddRange(TomlTestSuite.Cases("valid").Select(path => File.ReadAllBytes(Path.Combine(root, "tests", path))));
        }

        byte[] interesting = "\"'[]{}=.,#\\\n\r\t _-+:0123456789eExobTZ\u00e9"u8.ToArray();
        foreach (var original in corpus)
        {
            for (var round = 0; round < 60; round++)
            {
                var damaged = original.ToList();
                for (var edits = random.Next(1, 4); edits > 0; edits--)
                {
                    var at = random.Next(damaged.Count + 1);
                    var pick = random.Next(4);
                    if (pick == 0 && at < damaged.Count)
                    {
                        damaged.RemoveAt(at);
                    }
                    else if (pick == 1)
                    {
                        damaged.Insert(at, (byte)random.Next(256));
                    }
                    else
                    {
                        damaged.Insert(at, interesting[random.Next(interesting.Length)]);
                    }
                }

                AssertParsesOrFails(damaged.ToArray());
            }
        }
    }

    private static void AssertParsesOrFails(ReadOnlySpan<byte> bytes)
    {
        var result = TomlParser.Parse(bytes);

        Assert.True(result.Document is null != (result.Error is null), "exactly one of document and error");
        if (result.Error is { } error)
        {
            Assert.True(error.Line >= 1 && error.Column >= 1, error.ToString());
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }
}
