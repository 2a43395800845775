using System.Globalization;
using System.Text;

namespace Runway.Addons.Redis;

/// <summary>Encodes a command the way clients send it: an array of bulk strings
/// (<c>*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n</c>; redis.io/docs/reference/protocol-spec, "Sending commands").</summary>
internal static class RespCommand
{
    public static byte[] Encode(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
        {
            throw new ArgumentException("a command needs at least its name", nameof(arguments));
        }

        var output = new MemoryStream();
        Append(output, string.Create(CultureInfo.InvariantCulture, $"*{arguments.Count}\r\n"));
        foreach (var argument in arguments)
        {
            var bytes = Encoding.UTF8.GetBytes(argument);
            Append(output, string.Create(CultureInfo.InvariantCulture, $"${bytes.Length}\r\n"));
            output.Write(bytes);
            Append(output, "\r\n");
        }

        return output.ToArray();
    }

    private static void Append(MemoryStream output, string ascii) => output.Write(Encoding.ASCII.GetBytes(ascii));
}
