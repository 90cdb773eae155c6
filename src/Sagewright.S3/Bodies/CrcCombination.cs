using System.Buffers.Binary;

namespace Sagewright.S3.Bodies;

/// <summary>
/// The CRC of a concatenation from the CRCs of its pieces and their lengths (zlib's crc32_combine, generalised to
/// the reflected 32- and 64-bit CRCs S3 uses): how a multipart upload's FULL_OBJECT checksum is made from its parts'
/// checksums without reading the data again. Written here because System.IO.Hashing offers no combine.
/// </summary>
internal static class CrcCombination
{
    public static bool Supports(ChecksumAlgorithm algorithm) => algorithm is ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C or ChecksumAlgorithm.Crc64Nvme;

    /// <summary>The full-object checksum (base64, big-endian like S3's) of parts given as (base64 checksum, byte length) in order.</summary>
    public static string Combine(ChecksumAlgorithm algorithm, IEnumerable<(string Checksum, long Length)> parts)
    {
        var (polynomial, width) = algorithm switch
        {
            ChecksumAlgorithm.Crc32 => (0xEDB88320UL, 32),
            ChecksumAlgorithm.Crc32C => (0x82F63B78UL, 32),
            ChecksumAlgorithm.Crc64Nvme => (0x9A6C9329AC4BC9B5UL, 64),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Only CRCs combine."),
        };
        ulong? combined = null;
        foreach (var (checksum, length) in parts)
        {
            var bytes = Convert.FromBase64String(checksum);
            var value = width == 32 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt64BigEndian(bytes);
            combined = combined is { } previous ? Append(previous, value, length, polynomial, width) : value;
        }
        var result = new byte[width / 8];
        if (width == 32)
        {
            BinaryPrimitives.WriteUInt32BigEndian(result, (uint)(combined ?? 0));
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(result, combined ?? 0);
        }
        return Convert.ToBase64String(result);
    }

    /// <summary>CRC(A ‖ B) from CRC(A), CRC(B) and |B|: CRC(A) shifted through |B| zero bytes, xor CRC(B).</summary>
    private static ulong Append(ulong crcA, ulong crcB, long lengthB, ulong polynomial, int width)
    {
        if (lengthB == 0)
        {
            return crcA;
        }
        var odd = new ulong[width];  // operator for one zero bit
        odd[0] = polynomial;
        ulong row = 1;
        for (var n = 1; n < width; n++)
        {
            odd[n] = row;
            row <<= 1;
        }
        var even = Square(odd);  // two zero bits
        odd = Square(even);      // four zero bits
        var remaining = lengthB;
        while (true)
        {
            even = Square(odd);   // first pass: one zero byte
            if ((remaining & 1) != 0)
            {
                crcA = Times(even, crcA);
            }
            remaining >>= 1;
            if (remaining == 0)
            {
                break;
            }
            odd = Square(even);
            if ((remaining & 1) != 0)
            {
                crcA = Times(odd, crcA);
            }
            remaining >>= 1;
            if (remaining == 0)
            {
                break;
            }
        }
        return crcA ^ crcB;
    }

    private static ulong Times(ulong[] matrix, ulong vector)
    {
        ulong sum = 0;
        for (var i = 0; vector != 0; i++, vector >>= 1)
        {
            if ((vector & 1) != 0)
            {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static ulong[] Square(ulong[] matrix)
    {
        var square = new ulong[matrix.Length];
        for (var n = 0; n < matrix.Length; n++)
        {
            square[n] = Times(matrix, matrix[n]);
        }
        return square;
    }
}
