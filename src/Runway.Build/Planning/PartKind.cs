namespace Runway.Build.Planning;

public enum PartKind
{
    /// <summary>A long-running process (<see cref="Runway.Model.ServiceSpec"/>).</summary>
    Service,

    /// <summary>A static output directory (<see cref="Runway.Model.SiteSpec"/>).</summary>
    Site,
}
