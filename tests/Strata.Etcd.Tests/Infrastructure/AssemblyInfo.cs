// The tests start real etcd processes; one at a time keeps a small (2-core) machine responsive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
