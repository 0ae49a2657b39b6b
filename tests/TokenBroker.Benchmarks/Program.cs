using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TokenBroker.Benchmarks.StsOperationBenchmarks).Assembly).Run(args);
