import type {
  ContainerLike,
  ContainerSecurityContextLike,
  HostHandlerLike,
  PodLike,
  PodMetadataLike,
  PodSecurityContextLike,
  PodSpecLike,
  ProfileLike,
  SeLinuxOptionsLike,
  SharedSecurityContextLike,
  VolumeLike,
} from './pod-shape.js';
import {
  booleanAt,
  isRecord,
  numberAt,
  recordAt,
  recordsAt,
  stringAt,
  stringsAt,
  type UnknownRecord,
} from './narrow.js';

/** Turns an untyped pod metadata + spec (e.g. parsed YAML) into a PodLike, or undefined when spec is not an object. */
export function readPod(metadata: unknown, spec: unknown): PodLike | undefined {
  if (!isRecord(spec)) return undefined;
  return { metadata: isRecord(metadata) ? readMetadata(metadata) : undefined, spec: readPodSpec(spec) };
}

function readMetadata(metadata: UnknownRecord): PodMetadataLike {
  const annotations = recordAt(metadata, 'annotations');
  if (annotations === undefined) return {};
  const stringAnnotations = Object.entries(annotations).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return { annotations: Object.fromEntries(stringAnnotations) };
}

function readPodSpec(spec: UnknownRecord): PodSpecLike {
  const os = recordAt(spec, 'os');
  const securityContext = recordAt(spec, 'securityContext');
  return {
    hostNetwork: booleanAt(spec, 'hostNetwork'),
    hostPID: booleanAt(spec, 'hostPID'),
    hostIPC: booleanAt(spec, 'hostIPC'),
    hostUsers: booleanAt(spec, 'hostUsers'),
    os: os && { name: stringAt(os, 'name') },
    securityContext: securityContext && readPodSecurityContext(securityContext),
    initContainers: recordsAt(spec, 'initContainers', readContainer),
    containers: recordsAt(spec, 'containers', readContainer),
    ephemeralContainers: recordsAt(spec, 'ephemeralContainers', readContainer),
    volumes: recordsAt(spec, 'volumes', readVolume),
  };
}

function readSharedSecurityContext(context: UnknownRecord): SharedSecurityContextLike {
  const seccompProfile = recordAt(context, 'seccompProfile');
  const appArmorProfile = recordAt(context, 'appArmorProfile');
  const seLinuxOptions = recordAt(context, 'seLinuxOptions');
  const windowsOptions = recordAt(context, 'windowsOptions');
  return {
    runAsNonRoot: booleanAt(context, 'runAsNonRoot'),
    runAsUser: numberAt(context, 'runAsUser'),
    seccompProfile: seccompProfile && readProfile(seccompProfile),
    appArmorProfile: appArmorProfile && readProfile(appArmorProfile),
    seLinuxOptions: seLinuxOptions && readSeLinuxOptions(seLinuxOptions),
    windowsOptions: windowsOptions && { hostProcess: booleanAt(windowsOptions, 'hostProcess') },
  };
}

function readPodSecurityContext(context: UnknownRecord): PodSecurityContextLike {
  return {
    ...readSharedSecurityContext(context),
    sysctls: recordsAt(context, 'sysctls', (sysctl) => ({ name: stringAt(sysctl, 'name') })),
  };
}

function readContainerSecurityContext(context: UnknownRecord): ContainerSecurityContextLike {
  const capabilities = recordAt(context, 'capabilities');
  return {
    ...readSharedSecurityContext(context),
    privileged: booleanAt(context, 'privileged'),
    allowPrivilegeEscalation: booleanAt(context, 'allowPrivilegeEscalation'),
    capabilities: capabilities && { add: stringsAt(capabilities, 'add'), drop: stringsAt(capabilities, 'drop') },
    procMount: stringAt(context, 'procMount'),
  };
}

function readProfile(profile: UnknownRecord): ProfileLike {
  return { type: stringAt(profile, 'type') };
}

function readSeLinuxOptions(options: UnknownRecord): SeLinuxOptionsLike {
  return { user: stringAt(options, 'user'), role: stringAt(options, 'role'), type: stringAt(options, 'type') };
}

function readContainer(container: UnknownRecord): ContainerLike {
  const securityContext = recordAt(container, 'securityContext');
  const lifecycle = recordAt(container, 'lifecycle');
  return {
    name: stringAt(container, 'name'),
    ports: recordsAt(container, 'ports', (port) => ({ hostPort: numberAt(port, 'hostPort') })),
    securityContext: securityContext && readContainerSecurityContext(securityContext),
    livenessProbe: readHostHandler(recordAt(container, 'livenessProbe')),
    readinessProbe: readHostHandler(recordAt(container, 'readinessProbe')),
    startupProbe: readHostHandler(recordAt(container, 'startupProbe')),
    lifecycle: lifecycle && {
      postStart: readHostHandler(recordAt(lifecycle, 'postStart')),
      preStop: readHostHandler(recordAt(lifecycle, 'preStop')),
    },
  };
}

function readHostHandler(handler: UnknownRecord | undefined): HostHandlerLike | undefined {
  if (handler === undefined) return undefined;
  const httpGet = recordAt(handler, 'httpGet');
  const tcpSocket = recordAt(handler, 'tcpSocket');
  return {
    httpGet: httpGet && { host: stringAt(httpGet, 'host') },
    tcpSocket: tcpSocket && { host: stringAt(tcpSocket, 'host') },
  };
}

/** Keeps every source key as is (the volume checks only ask which sources are set). */
function readVolume(volume: UnknownRecord): VolumeLike {
  return { ...volume, name: stringAt(volume, 'name') };
}
