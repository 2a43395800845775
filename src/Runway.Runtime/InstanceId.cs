namespace Runway.Runtime;

/// <summary>One instance of one service: <c>web.1</c>, <c>worker.2</c> (numbers start at 1, like Heroku's dynos).</summary>
public readonly record struct InstanceId(string Service, int Number)
{
    public override string ToString() => $"{Service}.{Number}";
}
