"""What the benchmarks print of their timings: a function's milliseconds over repeated runs,
and percentiles by the nearest rank."""
import time


def timed(fn, repeat):
    """Milliseconds of each of `repeat` calls of `fn`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values, q):
    """The `q` quantile of `values` (0.95 for p95), by the nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
