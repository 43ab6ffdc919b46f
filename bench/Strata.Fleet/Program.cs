using Strata.Fleet;
using Strata.Fleet.Fleet;
using Strata.Fleet.Scenarios;

// strata-fleet [compare] [--instances 5,20] [--releases 40] [--warmup 3] [--gap-ms 300] [--etcd URL]
//     Strata watcher processes and as many bare watch clients (the floor), publish -> all applied, side by side.
// strata-fleet simulate [--instances 200] [--releases 10] [--quiet-s 30] [--etcd URL]
//     N Strata instances in this process against one etcd: convergence and what each costs etcd.
// strata-fleet rollout [--instances 20] [--releases 5] [--bake-s 2] [--etcd URL]
//     staged rollouts (canary 1, 50%, 100%) of N watcher processes: the time beyond the bake times.
// strata-fleet watcher|floor --etcd URL --prefix P [--instance ID] [--settle-ms N]
//     one fleet member (started by compare).
// Each measurement is one class in Scenarios/ with RunAsync(FleetArguments); a new one adds its verb to
// FleetArguments and a line below, and reuses ProcessFleet, ReleaseSource, InstanceRecordWatch and EtcdMetrics.
var arguments = FleetArguments.Parse(args);
return arguments.Verb switch
{
    FleetArguments.Watcher => await StrataWatcher.RunAsync(arguments),
    FleetArguments.Floor => await FloorWatcher.RunAsync(arguments),
    FleetArguments.Simulate => await SimulationScenario.RunAsync(arguments),
    FleetArguments.Rollout => await RolloutScenario.RunAsync(arguments),
    _ => await ConvergenceScenario.RunAsync(arguments),
};
