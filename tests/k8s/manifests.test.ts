// The Kubernetes manifests, checked offline: every file and every kustomize output validates
// against the Kubernetes API schemas, images are pinned, no Secret carries a value, and the
// settings, workloads and their references agree with each other and with pipeline/config.ts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { IDeployment } from "kubernetes-models/apps/v1";
import type { ICronJob, IJob } from "kubernetes-models/batch/v1";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1";
import type { IConfigMap, IService } from "kubernetes-models/v1";
import { readSettings } from "../../pipeline/config.ts";
import { repoRoot } from "../support/shared.ts";
import {
  containersOf,
  type KubeObject,
  kustomizationDirs,
  parseManifests,
  podSpecOf,
  renderKustomization,
  schemaErrors,
  type SourcedObject,
  typeKey,
  unknownFieldErrors,
  yamlFiles,
} from "./kube.ts";

const overlay = "k8s/overlays/microk8s";
const namespace = "accidents-nc";
const appImage = "accidents-nc";

const packageVersion = (
  JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf-8")) as { version: string }
).version;

function readObjects(file: string): KubeObject[] {
  return parseManifests(readFileSync(join(repoRoot, file), "utf-8"), file);
}

function isKustomizeFile(object: KubeObject): boolean {
  return typeof object.apiVersion === "string" && object.apiVersion.startsWith("kustomize.");
}

/** Every Kubernetes object written in a file under k8s/ (kustomization files excluded). */
const fileObjects: SourcedObject[] = yamlFiles().flatMap((file) =>
  readObjects(file)
    .filter((object) => !isKustomizeFile(object))
    .map((object) => ({ source: file, object })),
);

const rendered = new Map<string, KubeObject[]>(
  kustomizationDirs().map((dir) => [dir, renderKustomization(dir)]),
);

function renderedOf(dir: string): KubeObject[] {
  const objects = rendered.get(dir);
  assert.ok(objects, `${dir} has no kustomization.yaml`);
  return objects;
}

function find<T>(objects: KubeObject[], kind: string, name?: string): T {
  const found = objects.filter(
    (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
  );
  assert.equal(found.length, 1, `expected one ${kind} ${name ?? ""}, found ${found.length}`);
  return found[0] as unknown as T;
}

describe("kubernetes manifests", () => {
  test("kustomizations include base, overlay and rebuilds", () => {
    assert.deepEqual(kustomizationDirs(), [
      "k8s/base",
      "k8s/base/rebuild",
      "k8s/overlays/microk8s",
      "k8s/overlays/microk8s/rebuild",
    ]);
  });

  test("every manifest file validates against the API schemas", () => {
    assert.ok(fileObjects.length >= 10, `only ${fileObjects.length} objects found under k8s/`);
    for (const { source, object } of fileObjects) {
      assert.deepEqual(schemaErrors(object), [], `${source}: ${typeKey(object)}`);
    }
  });

  test("every kustomize output validates against the API schemas", () => {
    for (const [dir, objects] of rendered) {
      assert.ok(objects.length > 0, `${dir} renders nothing`);
      for (const object of objects) {
        const where = `${dir}: ${object.kind} ${object.metadata.name}`;
        assert.deepEqual(schemaErrors(object), [], where);
      }
    }
  });

  test("no manifest has a field unknown to the API", () => {
    const renderedObjects = [...rendered].flatMap(([dir, objects]) =>
      objects.map((object) => ({ source: `kustomize ${dir}`, object })),
    );
    assert.deepEqual(unknownFieldErrors([...fileObjects, ...renderedObjects]), []);
  });

  test("unknown-field check catches a misspelt probe", () => {
    const deployment = structuredClone(find<IDeployment>(renderedOf(overlay), "Deployment"));
    const containers = deployment.spec!.template.spec!.containers;
    const container = containers[0] as unknown as Record<string, unknown>;
    container.readinesProbe = container.readinessProbe;
    const object = deployment as unknown as KubeObject;
    const errors = unknownFieldErrors([{ source: "edited copy", object }]);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /readinesProbe/);
  });

  test("overlay objects live in the accidents-nc namespace", () => {
    for (const dir of [overlay, `${overlay}/rebuild`]) {
      for (const object of renderedOf(dir)) {
        if (object.kind === "Namespace") continue;
        const where = `${object.kind} ${object.metadata.name}`;
        assert.equal(object.metadata.namespace, namespace, where);
      }
    }
  });
});

describe("kubernetes images", () => {
  // name[:tag][@sha256:digest]; a registry port such as localhost:32000 belongs to the name.
  const imageReference =
    /^(?<name>[a-z0-9.:/_-]+?)(:(?<tag>[\w][\w.-]*))?(@(?<digest>sha256:[0-9a-f]{64}))?$/;

  test("every image has a version tag", () => {
    const all = [...rendered.values()].flatMap(containersOf);
    assert.ok(all.length >= 3, `only ${all.length} containers found`);
    for (const { owner, container } of all) {
      const match = imageReference.exec(container.image ?? "");
      assert.ok(match?.groups, `${owner}: unreadable image "${container.image}"`);
      const { tag } = match.groups;
      assert.ok(tag, `${owner}: image "${container.image}" has no tag`);
      assert.notEqual(tag, "latest", `${owner}: image "${container.image}" uses latest`);
    }
  });

  test("third-party images are pinned by digest", () => {
    const thirdParty = containersOf(renderedOf(overlay)).filter(
      ({ container }) => !container.image!.includes(appImage),
    );
    assert.ok(thirdParty.length >= 1);
    for (const { owner, container } of thirdParty) {
      assert.match(container.image!, /:[\w][\w.-]*@sha256:[0-9a-f]{64}$/, owner);
    }
  });

  test("app image tag is the package version", () => {
    for (const dir of [overlay, `${overlay}/rebuild`]) {
      const app = containersOf(renderedOf(dir)).filter(({ container }) =>
        container.image!.includes(appImage),
      );
      assert.ok(app.length >= 1, `${dir} runs no ${appImage} container`);
      for (const { owner, container } of app) {
        assert.equal(container.image, `localhost:32000/${appImage}:${packageVersion}`, owner);
      }
    }
  });
});

describe("kubernetes secrets", () => {
  const secretKeys = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "POSTGRES_PASSWORD"];

  test("no kustomize output contains a Secret", () => {
    for (const [dir, objects] of rendered) {
      const secrets = objects.filter((o) => o.kind === "Secret").map((o) => o.metadata.name);
      assert.deepEqual(secrets, [], `${dir} would overwrite the real Secret on apply`);
    }
  });

  test("secret template contains only placeholders", () => {
    const secrets = fileObjects.filter(({ object }) => object.kind === "Secret");
    assert.equal(secrets.length, 1);
    for (const { source, object } of secrets) {
      const values = {
        ...((object.stringData as Record<string, string>) ?? {}),
        ...((object.data as Record<string, string>) ?? {}),
      };
      assert.deepEqual(Object.keys(values).sort(), secretKeys, source);
      for (const [key, value] of Object.entries(values)) {
        assert.match(value, /^<[a-z ]+>$/, `${source}: ${key} must be a <placeholder>`);
      }
    }
  });

  test("build pods read the template's Secret", () => {
    const template = fileObjects.find(({ object }) => object.kind === "Secret")!.object;
    for (const dir of [overlay, `${overlay}/rebuild`]) {
      for (const { owner, container } of containersOf(renderedOf(dir))) {
        if (!container.image!.includes(appImage)) continue;
        const refs = (container.envFrom ?? []).flatMap((e) => e.secretRef?.name ?? []);
        assert.deepEqual(refs, [template.metadata.name], owner);
      }
    }
  });
});

describe("kubernetes settings", () => {
  const objects = renderedOf(overlay);
  const settings = find<IConfigMap>(objects, "ConfigMap", "accidents-nc-settings");
  const data = settings.data ?? {};

  test("settings parse with pipeline/config.ts", () => {
    const parsed = readSettings(data);
    assert.equal(parsed.lake.dataPath, "s3://accidents-nc/lake/");
    assert.equal(parsed.lake.s3.endpoint, "http://rustfs-svc.ia-lab.svc.cluster.local:9000");
    assert.equal(parsed.accidentsDepartment, "988");
    assert.deepEqual(parsed.accidentsYears, [2019, 2020, 2021, 2022, 2023, 2024]);
    assert.equal(parsed.accidentsSource, undefined);
    assert.deepEqual(parsed.roadsSources, []);
  });

  test("catalog address uses libpq keywords without password", () => {
    const catalog = data.DUCKLAKE_DATABASE_URL ?? "";
    assert.equal(
      catalog,
      "postgres:dbname=accidents_nc host=postgresql.datalab.svc.cluster.local port=5432 " +
        "user=accidents_nc",
    );
    assert.doesNotMatch(catalog, /password/i);
  });

  test("settings hold no credential", () => {
    for (const key of Object.keys(data)) {
      assert.doesNotMatch(key, /PASSWORD|SECRET|ACCESS_KEY|TOKEN/, key);
    }
    for (const value of Object.values(data)) {
      assert.doesNotMatch(value, /:\/\/[^/\s]*:[^/\s]*@/, "a URL with credentials");
    }
  });

  test("settings name the accidents and roads sources", () => {
    for (const key of ["ACCIDENTS_SOURCE", "ACCIDENTS_YEARS", "ACCIDENTS_DEPARTMENT"]) {
      assert.ok(key in data, key);
    }
    assert.ok("ROADS_SOURCE" in data);
  });
});

describe("kubernetes workloads", () => {
  const objects = renderedOf(overlay);
  const cronJob = find<ICronJob>(objects, "CronJob");
  const deployment = find<IDeployment>(objects, "Deployment");
  const job = find<IJob>(renderedOf(`${overlay}/rebuild`), "Job");

  test("cron job runs nightly, one at a time", () => {
    const spec = cronJob.spec!;
    assert.equal(spec.schedule, "30 2 * * *");
    assert.equal(spec.timeZone, "Pacific/Noumea");
    assert.equal(spec.concurrencyPolicy, "Forbid");
    assert.equal(spec.successfulJobsHistoryLimit, 3);
    assert.equal(spec.failedJobsHistoryLimit, 3);
    assert.equal(spec.jobTemplate.spec!.backoffLimit, 2);
    assert.equal(spec.jobTemplate.spec!.template.spec!.restartPolicy, "Never");
  });

  test("rebuild job runs the cron job's pod", () => {
    assert.deepEqual(job.spec!.template, cronJob.spec!.jobTemplate.spec!.template);
    assert.equal(job.spec!.backoffLimit, cronJob.spec!.jobTemplate.spec!.backoffLimit);
    assert.ok(job.spec!.ttlSecondsAfterFinished! > 0);
  });

  test("every workload runs as non-root on a read-only root", () => {
    for (const object of [cronJob, deployment, job] as unknown as KubeObject[]) {
      const pod = podSpecOf(object)!;
      const owner = `${object.kind} ${object.metadata.name}`;
      assert.equal(pod.securityContext?.runAsNonRoot, true, owner);
      assert.ok((pod.securityContext?.runAsUser ?? 0) > 0, owner);
      assert.equal(pod.automountServiceAccountToken, false, owner);
      for (const container of pod.containers) {
        const context = container.securityContext;
        assert.equal(context?.readOnlyRootFilesystem, true, `${owner}/${container.name}`);
        assert.equal(context?.allowPrivilegeEscalation, false, `${owner}/${container.name}`);
        assert.deepEqual(context?.capabilities?.drop, ["ALL"], `${owner}/${container.name}`);
      }
    }
  });

  test("every container has requests and memory limit", () => {
    for (const { owner, container } of containersOf(objects)) {
      const resources = container.resources;
      assert.ok(resources?.requests?.cpu, `${owner}: cpu request`);
      assert.ok(resources?.requests?.memory, `${owner}: memory request`);
      assert.ok(resources?.limits?.memory, `${owner}: memory limit`);
    }
  });

  test("web container has probes on its port", () => {
    const container = deployment.spec!.template.spec!.containers[0];
    assert.equal(container.readinessProbe?.httpGet?.path, "/readyz");
    assert.equal(container.livenessProbe?.httpGet?.path, "/healthz");
    assert.equal(container.readinessProbe?.httpGet?.port, "http");
    assert.deepEqual(container.ports, [{ name: "http", containerPort: 8080 }]);
  });

  test("every mount, claim and config map exists", () => {
    const names = (kind: string) =>
      new Set(objects.filter((o) => o.kind === kind).map((o) => o.metadata.name));
    const claims = names("PersistentVolumeClaim");
    const configMaps = names("ConfigMap");

    for (const object of [cronJob, deployment] as unknown as KubeObject[]) {
      const pod = podSpecOf(object)!;
      const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
      for (const container of pod.containers) {
        for (const mount of container.volumeMounts ?? []) {
          assert.ok(volumes.has(mount.name), `${object.kind}: no volume ${mount.name}`);
        }
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) assert.ok(configMaps.has(source.configMapRef.name!));
        }
      }
      for (const volume of volumes.values()) {
        const claim = volume.persistentVolumeClaim?.claimName;
        if (claim) assert.ok(claims.has(claim), `${object.kind}: no claim ${claim}`);
        const map = volume.configMap?.name;
        if (map) assert.ok(configMaps.has(map), `${object.kind}: no config map ${map}`);
      }
    }
  });

  test("build paths lie on the pod's volumes", () => {
    const container = cronJob.spec!.jobTemplate.spec!.template.spec!.containers[0];
    const mounts = (container.volumeMounts ?? []).map((m) => m.mountPath);
    const settings = find<IConfigMap>(objects, "ConfigMap", "accidents-nc-settings").data ?? {};
    const values = { ...settings };
    for (const variable of container.env ?? []) values[variable.name] = variable.value ?? "";

    const paths = Object.entries(values).filter(([, value]) => value.startsWith("/"));
    assert.ok(paths.length >= 4, `only ${paths.length} paths among the build settings`);
    for (const [name, value] of paths) {
      const onVolume = mounts.some((m) => value === m || value.startsWith(`${m}/`));
      assert.ok(onVolume, `${name}=${value} is on no volume, and the root is read-only`);
    }
  });

  test("web pod mounts the site read-only", () => {
    const pod = deployment.spec!.template.spec!;
    const site = pod.volumes!.find((v) => v.name === "site")!;
    assert.equal(site.persistentVolumeClaim?.claimName, "accidents-nc-site");
    assert.equal(site.persistentVolumeClaim?.readOnly, true);
    const mount = pod.containers[0].volumeMounts!.find((m) => m.name === "site")!;
    assert.equal(mount.mountPath, "/site");
    assert.equal(mount.readOnly, true);
  });

  test("service and ingress reach the web pods", () => {
    const service = find<IService>(objects, "Service");
    const ingress = find<IIngress>(objects, "Ingress");
    const podLabels = deployment.spec!.template.metadata!.labels!;
    for (const [key, value] of Object.entries(service.spec!.selector!)) {
      assert.equal(podLabels[key], value, `selector ${key}`);
    }
    assert.equal(service.spec!.ports![0].targetPort, "http");
    assert.equal(ingress.spec!.ingressClassName, "public");
    const backend = ingress.spec!.rules![0].http!.paths[0].backend.service!;
    assert.equal(backend.name, service.metadata!.name);
    assert.equal(backend.port!.name, service.spec!.ports![0].name);
  });

  test("volumes use the microk8s storage class", () => {
    const claims = objects.filter((o) => o.kind === "PersistentVolumeClaim");
    assert.equal(claims.length, 2);
    for (const claim of claims) {
      const spec = claim.spec as { storageClassName?: string };
      assert.equal(spec.storageClassName, "microk8s-hostpath", claim.metadata.name);
    }
  });
});
