namespace Strata.Compare.Faults;

/// <summary>One step of the script: what to do, the generation it writes, the pause inside it and the dwell after it.</summary>
internal sealed record FaultStep(int Index, FaultKind Kind, long Generation, int PauseMs, int DwellMs, double Cut)
{
    public bool EndsValid => Kind is not (FaultKind.Malformed or FaultKind.SchemaInvalid);
}
