using Strata.Fleet;

// strata-fleet [--watchers 20] [--releases 50] [--etcd URL --prefix P]   (coordinator)
// strata-fleet watcher --etcd URL --prefix P                              (one fleet instance; started by the coordinator)
var arguments = FleetArguments.Parse(args);
return arguments.Role == "watcher"
    ? await Watcher.RunAsync(arguments)
    : await Coordinator.RunAsync(arguments);
