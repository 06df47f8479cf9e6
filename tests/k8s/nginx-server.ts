// Runs the web Deployment's nginx on 127.0.0.1: the configuration rendered by a kustomization, with
// the pod's paths moved to a temporary folder and the container port to a free port. Needs the
// nginx binary (Debian package nginx-light).
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IDeployment } from "kubernetes-models/apps/v1";
import type { IConfigMap } from "kubernetes-models/v1";
import { freePort } from "../support/services.ts";
import type { KubeObject } from "./kube.ts";

export interface NginxServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What nginx wrote to its error log so far. */
  errors(): string;
  stop(): Promise<void>;
}

/** Replaces every occurrence of `from`, and raises when there is none: the config changed shape. */
function replaceAll(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`nginx.conf no longer contains "${from}".`);
  return text.split(from).join(to);
}

async function waitForHttp(url: string, nginx: ChildProcess, errors: () => string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${errors()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`nginx did not respond on ${url} within 5 s: ${errors()}`);
}

/**
 * Starts nginx with the Deployment's command and ConfigMap from `objects`, serving `siteRoot`
 * in place of the site volume (so `siteRoot/current` is the published release).
 */
export async function startNginx(objects: KubeObject[], siteRoot: string): Promise<NginxServer> {
  const deployment = objects.find((o) => o.kind === "Deployment") as unknown as IDeployment;
  const pod = deployment.spec!.template.spec!;
  const container = pod.containers[0];
  const mountPathOf = (volume: string): string => {
    const mount = container.volumeMounts!.find((m) => m.name === volume);
    if (!mount) throw new Error(`The nginx container mounts no volume ${volume}.`);
    return mount.mountPath;
  };

  const work = mkdtempSync(join(tmpdir(), "accidents-nc-nginx-"));
  // nginx workers drop root privileges when started as root; they must read these folders.
  chmodSync(work, 0o755);
  const confDir = join(work, "conf");
  mkdirSync(confDir);
  mkdirSync(join(work, "run"));

  const configName = pod.volumes!.find((v) => v.name === "nginx-config")!.configMap!.name;
  const configMap = objects.find(
    (o) => o.kind === "ConfigMap" && o.metadata.name === configName,
  ) as unknown as IConfigMap;
  const port = await freePort();
  const containerPort = container.ports![0].containerPort;
  for (const [file, text] of Object.entries(configMap.data!)) {
    let conf = text;
    if (file === "nginx.conf") {
      // The temporary folder itself lies under /tmp, so /tmp is rewritten first.
      conf = replaceAll(conf, `${mountPathOf("tmp")}/`, `${work}/run/`);
      conf = replaceAll(conf, `listen ${containerPort};`, `listen 127.0.0.1:${port};`);
      const root = `root ${mountPathOf("site")}/current;`;
      conf = replaceAll(conf, root, `root ${siteRoot}/current;`);
    }
    writeFileSync(join(confDir, file), conf);
  }

  // The Deployment's command, with the config folder moved to the temporary one.
  const [program, ...args] = container.command!;
  const configMount = mountPathOf("nginx-config");
  const localArgs = args.map((a) => a.replace(configMount, confDir));
  let errors = "";
  // -p keeps anything nginx resolves against its prefix inside the temporary folder.
  const nginx = spawn(program, ["-p", `${work}/`, ...localArgs], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  nginx.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  nginx.on("error", (error) => (errors += `${error.message}: install the nginx-light package`));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    // A failed spawn (nginx not installed) has no pid and never emits "exit".
    if (nginx.pid !== undefined && nginx.exitCode === null && nginx.signalCode === null) {
      const exited = new Promise((resolve) => nginx.once("exit", resolve));
      nginx.kill("SIGTERM");
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/healthz`, nginx, () => errors);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, errors: () => errors, stop };
}
