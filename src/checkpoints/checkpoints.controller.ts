import { Controller, Get, Header, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '../authorization/policy.decorator.js';
import { invalidField } from '../errors/domain-error.js';
import { ApiErrors, ApiFile, ApiJson } from '../openapi/api-responses.js';
import { CheckpointsService, type ConsistencyProof, type InclusionProof } from './checkpoints.service.js';

const NOTE = 'text/plain; charset=utf-8';

/** A tree size or entry number: a whole number from 1; `optional` lets it be left out. */
class PositiveInteger implements PipeTransform<string | undefined, number | undefined> {
  constructor(
    private readonly field: string,
    private readonly optional = false,
  ) {}

  transform(value: string | undefined): number | undefined {
    if (value === undefined && this.optional) return undefined;
    if (!/^[1-9]\d{0,14}$/.test(value ?? '')) throw invalidField(this.field, `${this.field} must be a whole number from 1`);
    return Number(value);
  }
}

/**
 * The audit log's transparency routes, public so that anyone (a witness, a journalist with an
 * old PDF) can check that the log was not rewritten. `tools/verify-proof.mjs` checks their answers.
 */
@ApiTags('audit log')
@Public()
@Controller('audit-log')
export class CheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  @Get('checkpoint')
  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint signed note)' })
  @ApiFile(NOTE, 'Origin, tree size, base64 root hash, time; a blank line; the Ed25519 signature line')
  @ApiErrors(404)
  @Header('content-type', NOTE)
  async latest(): Promise<string> {
    return (await this.checkpoints.latest()).note;
  }

  @Get('checkpoints/:treeSize')
  @ApiOperation({ summary: 'The signed checkpoint of a given tree size' })
  @ApiFile(NOTE, 'The checkpoint as a signed note')
  @ApiErrors(400, 404)
  @Header('content-type', NOTE)
  async bySize(@Param('treeSize', new PositiveInteger('treeSize')) treeSize: number): Promise<string> {
    return (await this.checkpoints.bySize(treeSize)).note;
  }

  @Get('verifier-key')
  @ApiOperation({ summary: 'The checkpoint signing key as a signed-note verifier key (name+keyid+key)' })
  @ApiFile(NOTE, 'One line, as Go’s golang.org/x/mod/sumdb/note reads it')
  @Header('content-type', NOTE)
  verifierKey(): string {
    return `${this.checkpoints.verifierKey}\n`;
  }

  @Get('entries/:seq/inclusion-proof')
  @ApiOperation({
    summary: 'Proof that a public entry (a publication or signature) is in the tree of a checkpoint',
    description: 'RFC 9162 audit path; `treeSize` picks the checkpoint (the latest when left out).',
  })
  @ApiQuery({ name: 'treeSize', required: false, type: Number })
  @ApiJson(200, 'leafIndex, treeSize, entry (the canonical JSON the leaf hashes), proof (base64 hashes), checkpoint')
  @ApiErrors(400, 404)
  inclusionProof(
    @Param('seq', new PositiveInteger('seq')) seq: number,
    @Query('treeSize', new PositiveInteger('treeSize', true)) treeSize?: number,
  ): Promise<InclusionProof> {
    return this.checkpoints.inclusionProof(seq, treeSize);
  }

  @Get('consistency-proof')
  @ApiOperation({ summary: 'Proof that the checkpoint of `from` entries is a prefix of the checkpoint of `to`', description: 'RFC 9162 consistency proof.' })
  @ApiQuery({ name: 'from', type: Number })
  @ApiQuery({ name: 'to', type: Number })
  @ApiJson(200, 'from, to, proof (base64 hashes) and both checkpoints')
  @ApiErrors(400, 404)
  consistencyProof(@Query('from', new PositiveInteger('from')) from: number, @Query('to', new PositiveInteger('to')) to: number): Promise<ConsistencyProof> {
    return this.checkpoints.consistencyProof(from, to);
  }
}
