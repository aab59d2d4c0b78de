; The Windows installer of Đèn Khuya (Inno Setup 6.3 or newer; UTF-8 with BOM).
;
;   ISCC.exe /DAppVersion=0.1.0 installer\denkhuya.iss
;
; It packs dist\denkhuya\ (installer\denkhuya.spec, built first) into
; dist\installer\DenKhuya-<version>-cai-dat.exe, which installs for the current user
; only, without administrator rights, into %LOCALAPPDATA%\Programs\DenKhuya, with a
; Start-menu shortcut and (ticked by default) a desktop shortcut, in Vietnamese.
; Uninstalling removes the program and never the data folder (%LOCALAPPDATA%\DenKhuya,
; desktop/data_folder.py): the ward's database, its backups and the log stay, and the
; uninstaller says where. See installer\README.md; .github\workflows\windows.yml builds it.

#define AppName "Đèn Khuya"
#ifndef AppVersion
  ; pyproject.toml's version (tests/test_installer.py checks that they agree)
  #define AppVersion "0.1.0"
#endif
#define AppExe "denkhuya.exe"
; desktop/data_folder.py APP_DIR_NAME: the user data folder under %LOCALAPPDATA%
#define DataFolderName "DenKhuya"

[Setup]
AppId={{F2657EDE-2C28-4A30-B278-99B659ABDC71}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Đèn Khuya
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Cài đặt {#AppName}
; Per user, no administrator rights: {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\DenKhuya
UsePreviousAppDir=yes
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
ShowLanguageDialog=no
SetupIconFile=..\build\spec\denkhuya.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\dist\installer
OutputBaseFilename=DenKhuya-{#AppVersion}-cai-dat
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes

[Languages]
; English first, the Vietnamese messages over it (installer\Vietnamese.isl says why).
Name: "vietnamese"; MessagesFile: "compiler:Default.isl,Vietnamese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An update replaces the whole library folder: nothing of the version before is left to
; be imported by mistake. Only the program's own folder, never the data folder.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\denkhuya\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Bàn trực chiến dịch Đề án 06"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Bàn trực chiến dịch Đề án 06"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolderName}');
end;

// The program folder is removed on uninstall: it may not be, or lie in, the data folder.
function NextButtonClick(CurPageID: Integer): Boolean;
var
  Chosen, Data: String;
begin
  Result := True;
  if CurPageID = wpSelectDir then
  begin
    Chosen := Uppercase(AddBackslash(WizardDirValue()));
    Data := Uppercase(AddBackslash(DataFolder()));
    if Pos(Data, Chosen) = 1 then
    begin
      MsgBox(FmtMessage(CustomMessage('DataFolderNotForProgram'), [DataFolder()]), mbError, MB_OK);
      Result := False;
    end;
  end;
end;

// The uninstaller removes only what the installer put in the program folder; it says
// where the data stayed.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder()) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataFolder()]), mbInformation, MB_OK);
end;
