// Sends model runs to an MLflow tracking server through its REST API (version 2.0 routes):
// one MLflow run per gold.model_runs row, in experiment `accidents-nc`.

export const MLFLOW_EXPERIMENT = "accidents-nc";

export interface TrackedRun {
  name: string;
  params: Record<string, string>;
  /** A metric with several values (per-fold AUC) is logged once per step. */
  metrics: Record<string, number | number[]>;
  tags: Record<string, string>;
  startTime: number;
  endTime: number;
}

type Fetch = typeof fetch;

export class MlflowClient {
  private readonly base: string;

  constructor(
    trackingUri: string,
    private readonly fetchImpl: Fetch = fetch,
  ) {
    if (!/^https?:\/\//.test(trackingUri)) {
      throw new Error(
        `MLFLOW_TRACKING_URI=${JSON.stringify(trackingUri)} is not an http(s) URL; ` +
          "only the REST API is supported.",
      );
    }
    this.base = trackingUri.replace(/\/+$/, "");
  }

  private async call<T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> {
    const url = `${this.base}/api/2.0/mlflow/${route}`;
    const response = await this.fetchImpl(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      const error = new Error(
        `MLflow ${method} ${route} failed with HTTP ${response.status}: ${text.slice(0, 300)}`,
      );
      (error as Error & { status?: number }).status = response.status;
      throw error;
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Returns the id of the experiment, creating it when it does not exist. */
  async experimentId(name: string): Promise<string> {
    try {
      const found = await this.call<{ experiment: { experiment_id: string } }>(
        "GET",
        `experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
      );
      return found.experiment.experiment_id;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    const created = await this.call<{ experiment_id: string }>("POST", "experiments/create", {
      name,
    });
    return created.experiment_id;
  }

  /** Creates a run, logs its parameters, metrics and tags in one batch, and closes it. */
  async logRun(experimentId: string, run: TrackedRun): Promise<string> {
    const created = await this.call<{ run: { info: { run_id: string } } }>("POST", "runs/create", {
      experiment_id: experimentId,
      run_name: run.name,
      start_time: run.startTime,
      tags: [{ key: "mlflow.runName", value: run.name }],
    });
    const runId = created.run.info.run_id;

    const metrics = Object.entries(run.metrics).flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value])
        .map((v, step) => ({ key, value: v, timestamp: run.endTime, step }))
        .filter((m) => Number.isFinite(m.value)),
    );
    await this.call("POST", "runs/log-batch", {
      run_id: runId,
      params: Object.entries(run.params).map(([key, value]) => ({ key, value })),
      metrics,
      tags: Object.entries(run.tags).map(([key, value]) => ({ key, value })),
    });
    await this.call("POST", "runs/update", {
      run_id: runId,
      status: "FINISHED",
      end_time: run.endTime,
    });
    return runId;
  }
}

/** Logs every run to the experiment; returns the MLflow run ids in order. */
export async function trackRuns(
  trackingUri: string,
  runs: TrackedRun[],
  fetchImpl: Fetch = fetch,
): Promise<string[]> {
  const client = new MlflowClient(trackingUri, fetchImpl);
  const experimentId = await client.experimentId(MLFLOW_EXPERIMENT);
  const ids: string[] = [];
  for (const run of runs) ids.push(await client.logRun(experimentId, run));
  return ids;
}
