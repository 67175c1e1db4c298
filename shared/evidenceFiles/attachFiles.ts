import { ValidationError } from '#shared/errors.ts';
import { fileTable } from '#shared/evidenceFiles/fileTable.ts';
import { type AttachedFile, attached, type FileOwner } from '#shared/evidenceFiles/model.ts';

/**
 * The files a report version lists, each an accepted upload to that report; a 400 naming each
 * entry that is not.
 */
export async function filesToAttach(owner: FileOwner, ids: readonly string[]): Promise<AttachedFile[]> {
  const files = await Promise.all(ids.map((id) => fileTable.get(id)));
  const problems = files.flatMap((file, index) =>
    file?.state === 'accepted' && file.owner.kind === owner.kind && file.owner.id === owner.id
      ? []
      : [
          {
            field: `files.${index}`,
            reason: `is not a file uploaded to this ${owner.kind} and accepted`,
            code: 'unknownFile' as const,
          },
        ],
  );
  if (problems.length > 0) throw new ValidationError(problems);
  return files.flatMap((file) => (file ? [attached(file)] : []));
}
