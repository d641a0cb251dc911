package rules

// The scenarios the claim catalogue cites, by feature file; a name is the scenario's exact name
// in its file. Those of python_runtime.feature, node_runtime.feature, rust_ownership.feature,
// runtime_versions.feature and the new ones of other_runtimes.feature, io_scaling.feature and
// parallel_map.feature run each claim in its own runtime (issue 17).

// Figures several scenarios record, named as the steps name them.
const (
	figWanted   = "processors wanted (on a CPU or ready to run, over wall time)"
	figHeld     = "processors held (Go's processors running goroutines, over wall time)"
	figOverLate = "wall_over_latency"
)

// Go.
var (
	measuringTellsApart   = measured("measure_first.feature", "Measuring tells a waiting workload from a computing one", figWanted)
	spinningCaught        = measured("measure_first.feature", "A workload that waits by spinning is caught computing", figWanted)
	takeTurnsAtOne        = measured("parallelism.feature", "At GOMAXPROCS 1 CPU-bound goroutines take turns, and the parallelism check says they never ran side by side", figHeld)
	sideBySide            = measured("parallelism.feature", "With one processor per core, CPU-bound goroutines run side by side", figHeld)
	ioScales              = measured("io_scaling.feature", "<n> concurrent I/O-bound tasks take about as long as one", "wall time of n I/O-bound tasks relative to one")
	manyConnections       = measured("io_scaling.feature", "Thousands of concurrent connections: a goroutine each against a pool of 100 handlers", "connections_2000_pool_over_goroutines")
	fewConnections        = measured("io_scaling.feature", "Under 100 concurrent connections a pool of 100 handlers serves them as fast as a goroutine each", "connections_50_pool_over_goroutines")
	mapFaster             = measured("parallel_map.feature", "Mapping CPU-bound items over the cores is faster than one after another", "parallel map's speed-up over one after another, given the processors each wanted")
	mapSpeedupByProcs     = measured("parallel_map.feature", "A parallel map's speedup over a sequential one at GOMAXPROCS 1 and 2", "speedup_gomaxprocs_2")
	mapWantedByProcs      = measured("parallel_map.feature", "A parallel map's speedup over a sequential one at GOMAXPROCS 1 and 2", "processors its threads wanted (on a CPU or ready to run, over wall time)")
	channelKeepsOrder     = see("primitives.feature", "A channel with a buffer of <buffer> delivers values in the order they were sent")
	mutexExcludes         = see("primitives.feature", "A mutex lets one goroutine at a time into the critical section")
	atomicAddExact        = see("primitives.feature", "An atomic Add never loses an update")
	errgroupLoop          = see("primitives.feature", "errgroup as the parallel loop joins every task before Wait returns")
	handoffIntact         = see("ownership.feature", "Buffers that change owner through a channel arrive intact, with no lock")
	goroutinesCheap       = measured("goroutine_cost.feature", "<n> goroutines are alive at once, each costing a fraction of an OS thread", "memory per parked task (resident set)")
	fixedPoolQueues       = measured("goroutine_cost.feature", "A fixed pool for blocking work makes the tasks wait their turn, and the scaling check says so", "blocking tasks through a fixed pool, wall time relative to one goroutine each")
	groupJoins            = see("task_groups.feature", "<group>: Wait returns only after every task has returned")
	firstErrorCancels     = see("task_groups.feature", "<group>: when one task fails, <siblings>")
	ignoringTaskRunsOn    = see("task_groups.feature", "A task that ignores its context outlives the cancellation, and the sibling-cancellation check says so")
	taskJoinedErrorHeard  = see("goroutine_lifetimes.feature", "A task started in a group is joined, and its error is heard")
	fireAndForgetCaught   = see("goroutine_lifetimes.feature", "A fire-and-forget task is caught as a leak, and the error ledger finds its error heard by nobody")
	receiverSelects       = see("goroutine_lifetimes.feature", "A receiver that selects on its context exits when the context is cancelled")
	receiverLeaks         = see("goroutine_lifetimes.feature", "A receiver with no way out outlives the cancellation, and the receiver check and the leak check say so")
	collectAfterWait      = see("goroutine_lifetimes.feature", "Collecting after waiting gets every result")
	collectWithoutWait    = see("goroutine_lifetimes.feature", "Collecting without waiting loses results, and the results check says so")
	fanOutOneEach         = see("fan_out.feature", "Every URL gets exactly one result, failures included")
	fanOutDeadline        = see("fan_out.feature", "A server that never answers is cut off by the context's deadline")
	fanOutEarlyClose      = see("fan_out.feature", "Closing the results channel before Wait crashes the program")
	goCounterLoses        = measured("counters.feature", "Without the race detector the unsynchronised counter loses updates, and the count check says so", "lost updates")
	layerKeepsAccepting   = measured("mixed_workload.feature", "An I/O layer that offloads keeps accepting while the CPU pool is busy", "slowest acceptance of a cheap request")
	layerInlineStalls     = see("mixed_workload.feature", "An I/O layer that computes inline stalls, and the accepting check says so")
	offloadKeepsFast      = measured("offloading.feature", "At GOMAXPROCS <procs>, offloading heavy work keeps cheap requests fast", "cheap request latency, inline over offloaded")
	loopPreempted         = see("preemption.feature", "At GOMAXPROCS 1 a tight loop is preempted, and the goroutine it waits for runs")
	loopStarvesWithout    = see("preemption.feature", "Without asynchronous preemption the loop starves the other goroutine, and the loop check says so")
	pipelineOrder         = see("pipelines.feature", "Items leave a pipeline in the order they entered")
	pipelinePushesBack    = see("pipelines.feature", "A paused consumer holds the producer back")
	manyCallsPay          = measured("when_it_pays.feature", "Concurrency pays for many calls, and not for one", "concurrent calls' wall-time speed-up over one after another")
	chunksBeatSharedLock  = measured("when_it_pays.feature", "Independent chunks sum quickly; workers sharing one lock do not", "independent chunks' wall-time speed-up over")
	tinyWorkCosts         = measured("when_it_pays.feature", "For tiny work a goroutine per item costs more than the work itself", "one goroutine per item, wall time relative to one after another")
	startsWithEveryCPU    = measured("parallelism.feature", "A Go program started with GOMAXPROCS unset gets a processor for each CPU it may use", "GOMAXPROCS at start")
	startsWithItsSetting  = measured("parallelism.feature", "A Go program started with GOMAXPROCS=1 gets one processor, and the default-GOMAXPROCS check says so", "GOMAXPROCS at start")
	moduleNeedsItsGo      = see("go_version.feature", "The module requires Go 1.26, and the toolchain running it is at least that")
	installedRuntimesHave = see("runtime_versions.feature", "Each installed runtime is new enough for the milestone the guide dates, and has it")
)

// Python.
var (
	asyncioOverlaps     = measured("other_runtimes.feature", "asyncio waits for 100 sleeps in about the time of one", "asyncio_100_over_1")
	gilTakesTurns       = measured("other_runtimes.feature", "Threads computing under the GIL want one processor between them, processes one each, and the parallelism check tells them apart", figWanted)
	taskGroupCancels    = measured("other_runtimes.feature", "TaskGroup cancels the 4 siblings of a failing task", "running_after_error")
	gatherRunsOn        = measured("other_runtimes.feature", "gather reports the failure and leaves the 4 siblings running, and the cancellation check says so", "running_after_error")
	defaultGather       = see("python_runtime.feature", "Default gather raises the first exception while the other tasks run on, and never raises a later one")
	gatherReturnsErrors = see("python_runtime.feature", "gather with return_exceptions=True returns every exception as a result, and the fail-fast check says so")
	pyCounterPlain      = measured("python_runtime.feature", "Threads running counter += 1 without a lock: the updates this interpreter loses are measured", "plain_lost")
	pyCounterAttribute  = measured("python_runtime.feature", "Threads running counter += 1 without a lock: the updates this interpreter loses are measured", "attribute_lost")
	pyCounterLocked     = see("python_runtime.feature", "The same counter under a threading.Lock counts exactly")
	pyPoolsCompared     = measured("python_runtime.feature", "CPU-bound work in a thread pool, in one thread and in a process pool: the measured ratios", "thread_pool_over_sequential")
	pyForgottenAwait    = see("python_runtime.feature", "A coroutine called without await never runs, and Python warns that it was never awaited")
	pyExecutorAnswers   = see("python_runtime.feature", "run_in_executor keeps the event loop answering while a blocking call runs")
	pyInlineBlocks      = see("python_runtime.feature", "A blocking call made inline on the event loop stops it answering, and the responsiveness check says so")
)

// Node.js.
var (
	loopHeldByWork     = measured("other_runtimes.feature", "300 ms of work inline delays a callback due at once by all of it and runs no other; beside a worker the loop keeps running callbacks, and the event-loop check says so", "inline_callbacks_during_work")
	workerFreesLoop    = measured("other_runtimes.feature", "300 ms of work inline delays a callback due at once by all of it and runs no other; beside a worker the loop keeps running callbacks, and the event-loop check says so", "worker_callbacks_during_work")
	promiseAllRunsOn   = measured("other_runtimes.feature", "After Promise.all rejects, the 4 other tasks are still running, they run to the end, and the cancellation check says so", "running_after_rejection")
	bufferDetached     = see("node_runtime.feature", "A transferred ArrayBuffer is detached in the sender")
	sharedBufferShared = see("node_runtime.feature", "A SharedArrayBuffer is shared with the worker and updated with Atomics")
	objectCloned       = see("node_runtime.feature", "An ordinary object reaches the worker as a structured-clone copy")
	functionRefused    = see("node_runtime.feature", "A function cannot be posted to a worker")
	rejectionEndsNode  = see("node_runtime.feature", "A promise that rejects with nobody awaiting it ends the Node.js process")
)

// Java, Rust and C#.
var (
	virtualThreadsOverlap = measured("other_runtimes.feature", "10,000 virtual threads that each block for 50 ms finish in a few latencies", figOverLate)
	platformPoolQueues    = measured("other_runtimes.feature", "40 blocking tasks through a fixed pool of 4 platform threads wait their turn, and the overlap check says so", figOverLate)
	synchronizedLetsGo    = measured("other_runtimes.feature", "Since JDK 24, blocking inside synchronized no longer pins the carrier", figOverLate)
	supplyAsyncOverlaps   = measured("other_runtimes.feature", "CompletableFuture.supplyAsync tasks started together overlap their waits; joined one by one, they take a latency each, and the overlap check says so", "started_together")
	supplyAsyncJoinedEach = measured("other_runtimes.feature", "CompletableFuture.supplyAsync tasks started together overlap their waits; joined one by one, they take a latency each, and the overlap check says so", "joined_one_by_one")
	javaAtomicCounts      = measured("other_runtimes.feature", "Java threads counting with AtomicInteger lose nothing; what ++ on an int field loses is measured", "plain_lost")
	nativeFramePins       = see("other_runtimes.feature", "Blocking inside a native frame still pins the carrier; the same wait outside it does not")
	reentrantLockFree     = see("other_runtimes.feature", "Blocking while holding a ReentrantLock does not pin the carrier")
	rayonParallel         = measured("other_runtimes.feature", "rayon's parallel map keeps the order and wants a processor per core; a sequential map wants one, and the parallelism check says so", figWanted)
	javaParallelStream    = measured("other_runtimes.feature", "A parallel stream computes on a processor per core; a sequential stream wants one, and the parallelism check says so", figWanted)
	tokioOverlaps         = measured("other_runtimes.feature", "1,000 tokio sleeps finish in about the time of one", figOverLate)
	tokioBlockedThread    = measured("other_runtimes.feature", "Blocking sleeps on tokio's only thread run one after another, and the overlap check says so", figOverLate)
	sharedMutDoesNotBuild = see("rust_ownership.feature", "A counter shared mutably across threads does not compile, and the compiler says why")
	arcMutexCounts        = see("rust_ownership.feature", "Arc<Mutex> and atomic counters compile and count exactly")
	csharpAwaitsOverlap   = measured("other_runtimes.feature", "Delays started together take one latency; awaited one by one, twenty, and the overlap check says so", "awaited_together")
	valueTasksOverlap     = measured("other_runtimes.feature", "Async methods returning ValueTask overlap their delays when started together; awaited one by one, twenty, and the overlap check says so", "value_tasks_together")
	taskRunOverlaps       = measured("other_runtimes.feature", "10,000 tasks started with Task.Run, each awaiting a 50 ms delay, finish in a few latencies", "task_run_wall_over_latency")
	interlockedCounts     = measured("other_runtimes.feature", "C# tasks counting with Interlocked.Increment lose nothing; with ++ on an int field they lose updates, and the exact-count check says so", "plain_lost")
	semaphoreSlimLocks    = measured("other_runtimes.feature", "A SemaphoreSlim(1) held across an await keeps a counter exact; with no lock the tasks lose updates, and the exact-count check says so", "unguarded_lost")
	parallelForEach       = measured("other_runtimes.feature", "Parallel.ForEach wants a processor per core; foreach wants one, and the parallelism check says so", figWanted)
)
