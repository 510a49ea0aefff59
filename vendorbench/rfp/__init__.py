"""Vendor responses: the RFP pack goes out as XLSX, the answers come back in.

    pack.export / pack.export_all       write the pack(s)
    responses.import_file               check a returned pack, store it as the next round
    responses.rounds / responses.latest the stored answers, per vendor
    caiq.import_caiq                    a completed CSA CAIQ v4 workbook as security evidence
    evidence                            evidence records and their expiry flags

Core code: never imports Textual or ReportLab; openpyxl only when a workbook is
written or read.
"""
