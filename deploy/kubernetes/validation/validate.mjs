// Validates rendered Kubernetes manifests: every object against the official OpenAPI schema of its
// kind (kubernetes-models), then the platform's own rules. Exits 1 and names each problem.
//   node validate.mjs <rendered.yaml>...   validate files
//   node validate.mjs --self-test <rendered.yaml>   break a valid rendering in known ways and
//                                                    require each break to be reported
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// the services whose schema the migrations application migrates, and their variables' prefix
const SCHEMA_PREFIX = {"auth-service": "AUTH", "provider-registry": "REGISTRY", "consent-service": "CONSENT", "ais-service": "AIS", "pis-service": "PIS", "webhook-dispatcher": "WEBHOOKS"};
const SCALED = ["auth-service", "provider-registry", "consent-service", "ais-service", "pis-service", "webhook-dispatcher"];
const NOT_PUBLIC = ["/admin", "/internal", "/q"];

async function schemaProblems(doc) {
  const { apiVersion, kind } = doc;
  if (!apiVersion || !kind) return ["an object without apiVersion or kind"];
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  let mod;
  try {
    mod = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  } catch (e) {
    return [`${kind} ${apiVersion}: no schema for this API version`];
  }
  const Model = mod[kind];
  if (!Model) return [`${kind} ${apiVersion}: unknown kind`];
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    return [`${kind}/${doc.metadata?.name}: ${e.message.split("\n").slice(0, 4).join(" ")}`];
  }
}

function ruleProblems(docs) {
  const problems = [];
  const of = (kind) => docs.filter((d) => d.kind === kind);
  const names = (kind) => new Set(of(kind).map((d) => d.metadata.name));
  const configMaps = names("ConfigMap");
  const secretsScript = readFileSync(new URL("../secrets.sh", import.meta.url), "utf8");
  for (const d of of("Deployment")) {
    const name = d.metadata.name;
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    const bad = (what) => problems.push(`Deployment/${name}: ${what}`);
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      if (!c[probe]?.httpGet?.path?.startsWith("/q/health")) bad(`no ${probe} on /q/health`);
    }
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) bad("no cpu and memory requests");
    if (!c.resources?.limits?.memory) bad("no memory limit");
    if (pod.securityContext?.runAsNonRoot !== true) bad("may run as root");
    if (c.securityContext?.readOnlyRootFilesystem !== true) bad("root file system is writable");
    if (c.securityContext?.allowPrivilegeEscalation !== false) bad("allows privilege escalation");
    if (!c.securityContext?.capabilities?.drop?.includes("ALL")) bad("keeps Linux capabilities");
    if (!c.volumeMounts?.some((m) => m.mountPath === "/tmp")) bad("no writable /tmp");
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef && !configMaps.has(from.configMapRef.name)) bad(`reads ConfigMap ${from.configMapRef.name}, which is not defined`);
      if (from.secretRef && !secretsScript.includes(`create secret generic ${from.secretRef.name} `)) bad(`reads Secret ${from.secretRef.name}, which secrets.sh does not create`);
    }
    if (!(c.envFrom ?? []).some((f) => f.secretRef?.name === name)) bad(`does not read its Secret ${name}`);
    for (const init of pod.initContainers ?? []) {
      const where = `init container ${init.name}`;
      if (!init.resources?.requests?.cpu || !init.resources?.requests?.memory || !init.resources?.limits?.memory) bad(`${where} has no requests and memory limit`);
      if (init.securityContext?.readOnlyRootFilesystem !== true) bad(`${where}: root file system is writable`);
      if (init.securityContext?.allowPrivilegeEscalation !== false) bad(`${where} allows privilege escalation`);
      if (!init.securityContext?.capabilities?.drop?.includes("ALL")) bad(`${where} keeps Linux capabilities`);
      if (init.envFrom) bad(`${where} reads whole ConfigMaps or Secrets (give it only what it needs)`);
    }
    if (SCHEMA_PREFIX[name]) {
      // the service does not migrate its schema itself (decision 0019): its pods' init container must
      const env = (pod.initContainers ?? []).find((i) => i.name === "migrations")?.env ?? [];
      const prefix = SCHEMA_PREFIX[name];
      for (const key of ["DB_JDBC_URL", "DB_USER", "DB_PASSWORD"]) {
        if (!env.some((e) => e.name === `${prefix}_${key}`)) bad(`no migrations init container given ${prefix}_${key}`);
      }
      const foreign = env.filter((e) => e.name.endsWith("_DB_JDBC_URL") && e.name !== `${prefix}_DB_JDBC_URL`);
      if (foreign.length) bad(`its migrations init container migrates other schemas too (${foreign.map((e) => e.name)})`);
    }
    const labels = d.spec.template.metadata.labels;
    if (!of("Service").some((s) => Object.entries(s.spec.selector ?? {}).every(([k, v]) => labels[k] === v))) bad("no Service selects it");
  }
  for (const name of SCALED) {
    if (!of("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef.name === name)) problems.push(`${name}: no HorizontalPodAutoscaler`);
    if (!of("PodDisruptionBudget").some((p) => p.spec.selector?.matchLabels?.["app.kubernetes.io/name"] === name)) problems.push(`${name}: no PodDisruptionBudget`);
  }
  for (const h of of("HorizontalPodAutoscaler")) {
    if (!names("Deployment").has(h.spec.scaleTargetRef.name)) problems.push(`HorizontalPodAutoscaler/${h.metadata.name}: scales a Deployment that does not exist`);
  }
  const services = new Map(of("Service").map((s) => [s.metadata.name, s]));
  if (of("Ingress").length === 0) problems.push("no Ingress");
  for (const ing of of("Ingress")) {
    for (const rule of ing.spec.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const where = `Ingress/${ing.metadata.name} ${rule.host}${p.path}`;
        if (NOT_PUBLIC.some((np) => p.path === np || p.path.startsWith(np + "/"))) problems.push(`${where}: routes a path that must stay private`);
        const svc = services.get(p.backend.service?.name);
        if (!svc) problems.push(`${where}: backend Service ${p.backend.service?.name} does not exist`);
        else if (!svc.spec.ports.some((port) => port.name === p.backend.service.port.name)) problems.push(`${where}: Service ${svc.metadata.name} has no port ${p.backend.service.port.name}`);
      }
    }
  }
  return problems;
}

async function problemsOf(docs) {
  const problems = [];
  for (const d of docs) problems.push(...(await schemaProblems(d)));
  problems.push(...ruleProblems(docs));
  return problems;
}

function load(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);
}

async function selfTest(file) {
  const breaks = {
    "a replica count that is not a number": (docs) => { docs.find((d) => d.kind === "Deployment").spec.replicas = "two"; },
    "a missing readiness probe": (docs) => { delete docs.find((d) => d.kind === "Deployment").spec.template.spec.containers[0].readinessProbe; },
    "a writable root file system": (docs) => { docs.find((d) => d.kind === "Deployment").spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false; },
    "an admin path in the Ingress": (docs) => { const i = docs.find((d) => d.kind === "Ingress"); i.spec.rules[0].http.paths.push({ ...i.spec.rules[0].http.paths[0], path: "/admin" }); },
    "a service without its schema migrations": (docs) => { delete docs.find((d) => d.kind === "Deployment" && SCHEMA_PREFIX[d.metadata.name]).spec.template.spec.initContainers; },
    "a migrations init container with another service's schema": (docs) => { docs.find((d) => d.kind === "Deployment" && d.metadata.name === "pis-service").spec.template.spec.initContainers[0].env.push({ name: "AUTH_DB_JDBC_URL", value: "jdbc:postgresql://x/y" }); },
    "a missing PodDisruptionBudget": (docs) => { docs.splice(docs.findIndex((d) => d.kind === "PodDisruptionBudget"), 1); },
    "an unknown field type in a Service": (docs) => { docs.find((d) => d.kind === "Service").spec.ports[0].port = "http"; },
  };
  let failed = false;
  for (const [what, breakIt] of Object.entries(breaks)) {
    const docs = load(file);
    breakIt(docs);
    const problems = await problemsOf(docs);
    console.log(`${problems.length > 0 ? "reported" : "MISSED  "}: ${what}${problems.length ? " (" + problems[0] + ")" : ""}`);
    failed ||= problems.length === 0;
  }
  if (failed) {
    console.error("the validator missed a broken manifest");
    process.exit(1);
  }
}

const args = process.argv.slice(2);
if (args[0] === "--self-test") {
  await selfTest(args[1]);
} else {
  let total = 0;
  let bad = false;
  for (const file of args) {
    const docs = load(file);
    const problems = await problemsOf(docs);
    total += docs.length;
    for (const p of problems) console.error(`${file}: ${p}`);
    bad ||= problems.length > 0;
    console.log(`${file}: ${docs.length} objects, ${problems.length} problems`);
  }
  if (bad || total === 0) process.exit(1);
}
