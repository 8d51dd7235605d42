import { formatDistDiff } from './lib/dist-diff';
import { applyImage } from './lib/apply-image';
import { type Command, parseCommandLine, Refusal, UsageError } from './lib/command';
import { imageText, isAllowedRegistry, parseImageReference, sameImage, shortDigest } from './lib/image-reference';
import { imagesFilePath, loadRepositoryState, requireApp, requireEnvironment } from './lib/repository-state';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run set-image -- <app> --env <env> --image <repository>@sha256:<digest>

Sets the image of <app> in overlays/<env>/images.yaml (only that value; comments and formatting
are kept) and re-renders dist/<env>/. The entry point for CI after a build, normally for the
first environment of the chain (dev); later environments get images by promotion.

Refused, with nothing changed: a tag (or latest) instead of a digest, a malformed digest, a
registry not in the environment's platform.yaml allowedRegistries, an unknown app or environment.

  --env <env>      environment whose overlay to change
  --image <ref>    <repository>@sha256:<64 hex>, e.g. the digest your build pushed
${ROOT_HELP}
  --help           show this text`;

export const setImageCommand: Command = {
  name: 'set-image',
  help: HELP,
  writesRepository: true,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, { env: { type: 'string' }, image: { type: 'string' }, ...ROOT_OPTION });
    const [app, ...extra] = positionals;
    if (!app || extra.length > 0) throw new UsageError('expected exactly one <app>');
    if (!values.env) throw new UsageError('--env <env> is required');
    if (!values.image) throw new UsageError('--image <repository>@sha256:<digest> is required');

    const image = parseImageReference(values.image);
    const state = loadRepositoryState(resolveRoot(values.root), await context.loadApps());
    requireApp(state, app);
    const environment = requireEnvironment(state, values.env);
    if (!isAllowedRegistry(image.repository, environment.platform.allowedRegistries)) {
      throw new Refusal(`registry of '${image.repository}' is not allowed in ${values.env}, expected one of: ${environment.platform.allowedRegistries.join(', ')} (overlays/${values.env}/platform.yaml allowedRegistries)`);
    }
    const current = environment.images[app];
    if (sameImage(current, image)) {
      context.out(`${values.env}: ${app} already runs ${imageText(image)}; nothing changed.`);
      return 0;
    }
    const applied = await applyImage(state.root, state.catalog, values.env, app, image);
    context.out(`${values.env}: ${app} ${current ? shortDigest(current.digest) : '(none)'} -> ${shortDigest(image.digest)} (${imagesFilePath(values.env)}, dist/${values.env}/ re-rendered)`);
    context.out(formatDistDiff(applied.changes, { environments: [values.env], title: `Rendered changes in dist/${values.env}:` }));
    return 0;
  },
};
