using Runway.Model;
using Runway.State;
using Runway.State.Secrets;

namespace Runway.Server.Apps;

/// <summary>Stores a release's spec in the state with its variables (which hold `.env` values and other secrets) encrypted
/// by the vault, apart from the rest of the spec; reads it back whole.</summary>
internal sealed class ReleaseSpecs(SecretVault vault)
{
    private const string AppScope = "app";

    public ReleaseRecord Record(AppSpec spec, int number, string directory, DateTimeOffset createdAt, string description)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        void Keep(string scope, ValueMap values)
        {
            foreach (var (key, value) in values)
            {
                variables[$"{scope}\n{key}"] = value;
            }
        }

        Keep(AppScope, spec.Variables);
        foreach (var service in spec.Services)
        {
            Keep($"service:{service.Name}", service.Variables);
            Keep($"build:{service.Name}", service.Build.Variables);
        }

        foreach (var site in spec.Sites)
        {
            Keep($"build:{site.Name}", site.Build.Variables);
        }

        var withoutSecrets = spec with
        {
            Variables = ValueMap.Empty,
            Services = spec.Services.Select(s => s with { Variables = ValueMap.Empty, Build = s.Build with { Variables = ValueMap.Empty } }).ToValueList(),
            Sites = spec.Sites.Select(s => s with { Build = s.Build with { Variables = ValueMap.Empty } }).ToValueList(),
        };
        return new ReleaseRecord(spec.Name, number, createdAt, directory, AppSpecJson.Serialize(withoutSecrets), State.ReleaseStatus.Built)
        {
            Description = description,
            EncryptedEnvironment = vault.EncryptVariables(new ValueMap(variables), AssociatedData(spec.Name, number)),
        };
    }

    public AppSpec Read(ReleaseRecord record)
    {
        var spec = AppSpecJson.Deserialize(record.SpecJson);
        if (record.EncryptedEnvironment is null)
        {
            return spec;
        }

        var variables = vault.DecryptVariables(record.EncryptedEnvironment, AssociatedData(record.App, record.Number));
        ValueMap Scope(string scope) => new(variables
            .Where(v => v.Key.StartsWith(scope + "\n", StringComparison.Ordinal))
            .Select(v => KeyValuePair.Create(v.Key[(scope.Length + 1)..], v.Value)));
        return spec with
        {
            Variables = Scope(AppScope),
            Services = spec.Services.Select(s => s with { Variables = Scope($"service:{s.Name}"), Build = s.Build with { Variables = Scope($"build:{s.Name}") } }).ToValueList(),
            Sites = spec.Sites.Select(s => s with { Build = s.Build with { Variables = Scope($"build:{s.Name}") } }).ToValueList(),
        };
    }

    /// <summary>Binds the ciphertext to its release, so one release's secrets cannot be pasted into another's row.</summary>
    private static string AssociatedData(string app, int number) => $"runway release {app} v{number}";
}
