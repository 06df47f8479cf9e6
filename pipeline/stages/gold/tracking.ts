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
  /** Files to upload as run artifacts (name → content), such as the winner's model JSON. */
  artifacts?: Record<string, string>;
}

export interface TrackingResult {
  runIds: string[];
  /** Artifacts that could not be uploaded, with the reason. */
  warnings: string[];
}

interface RunInfo {
  run_id: string;
  artifact_uri?: string;
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

  /** Sends a request under `/api/2.0/`: JSON bodies for the tracking routes, raw text for
   *  artifact uploads. Raises with the status and the start of the reply when it fails. */
  private async call<T>(method: "GET" | "POST" | "PUT", route: string, body?: unknown): Promise<T> {
    const url = `${this.base}/api/2.0/${route}`;
    const isText = typeof body === "string";
    const response = await this.fetchImpl(url, {
      method,
      headers:
        body === undefined
          ? undefined
          : { "content-type": isText ? "text/plain" : "application/json" },
      body: body === undefined || isText ? (body as string | undefined) : JSON.stringify(body),
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
        `mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
      );
      return found.experiment.experiment_id;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    const created = await this.call<{ experiment_id: string }>(
      "POST",
      "mlflow/experiments/create",
      { name },
    );
    return created.experiment_id;
  }

  /** Creates a run, logs its parameters, metrics and tags in one batch, and closes it. */
  async logRun(experimentId: string, run: TrackedRun): Promise<RunInfo> {
    const created = await this.call<{ run: { info: RunInfo } }>("POST", "mlflow/runs/create", {
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
    await this.call("POST", "mlflow/runs/log-batch", {
      run_id: runId,
      params: Object.entries(run.params).map(([key, value]) => ({ key, value })),
      metrics,
      tags: Object.entries(run.tags).map(([key, value]) => ({ key, value })),
    });
    await this.call("POST", "mlflow/runs/update", {
      run_id: runId,
      status: "FINISHED",
      end_time: run.endTime,
    });
    return created.run.info;
  }

  /** Uploads a file through the server's artifact proxy, which serves `mlflow-artifacts:` URIs
   *  (the default artifact store of MLflow 2 servers). */
  async uploadArtifact(artifactUri: string, name: string, body: string): Promise<void> {
    const scheme = "mlflow-artifacts:";
    if (!artifactUri.startsWith(scheme)) {
      throw new Error(
        `artifact URI ${JSON.stringify(artifactUri)} is not served by the tracking server; ` +
          "start MLflow with --serve-artifacts to receive model files.",
      );
    }
    const path = artifactUri.slice(scheme.length).replace(/^\/+/, "");
    await this.call("PUT", `mlflow-artifacts/artifacts/${path}/${encodeURIComponent(name)}`, body);
  }
}

/** Logs every run to the experiment, then uploads the runs' artifacts. A failed upload becomes a
 *  warning, so the runs themselves are always all logged. */
export async function trackRuns(
  trackingUri: string,
  runs: TrackedRun[],
  fetchImpl: Fetch = fetch,
): Promise<TrackingResult> {
  const client = new MlflowClient(trackingUri, fetchImpl);
  const experimentId = await client.experimentId(MLFLOW_EXPERIMENT);
  const infos: RunInfo[] = [];
  for (const run of runs) infos.push(await client.logRun(experimentId, run));

  const warnings: string[] = [];
  for (const [i, run] of runs.entries()) {
    for (const [name, body] of Object.entries(run.artifacts ?? {})) {
      try {
        await client.uploadArtifact(infos[i].artifact_uri ?? "", name, body);
      } catch (error) {
        warnings.push(`run ${infos[i].run_id}, artifact ${name}: ${(error as Error).message}`);
      }
    }
  }
  return { runIds: infos.map((info) => info.run_id), warnings };
}
